"""The stage script: read, split, clean, identify, outline, annotate, link, render, write."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from . import gazetteer as gazetteer_module
from .annotate import extract_outcomes, extract_targets
from .clean import clean_lines
from .config import SiteConfig
from .glossary import load_glossary
from .identify import identify, split_front_matter
from .ingest import read_sources
from .link import assign_ids, link
from .marks import annotate_site
from .model import Diagnostic, RawDocument, Removal, Report, SourceFile
from .outline import build_outline
from .render import make_env, render_site, to_json
from .search import build_search
from .split import split_source
from .write import write_tree

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    reports: list[Report]
    diagnostics: list[Diagnostic]
    files_written: int
    seconds: float
    removed: list[Removal] = field(default_factory=list)


def parse_document(doc: RawDocument, gazetteer) -> Report:
    blocks, repairs = clean_lines(doc.lines)
    front, body = split_front_matter(blocks)
    meta = identify(doc, front, body, gazetteer)
    outline, outline_repairs = build_outline(body)
    has_numbers = meta.doc_type != "news"
    return Report(
        id="", source_file=doc.file, source_lines=doc.line_span, meta=meta,
        truncated=doc.truncated, outline=outline, repairs=repairs + outline_repairs,
        targets=extract_targets(outline, meta.year) if has_numbers else [],
        outcomes=extract_outcomes(outline, meta.year) if has_numbers else [],
        listing_date=doc.listing_date, tag=doc.tag,
    )


def parse_source(source: SourceFile, gazetteer) -> tuple[list[Report], list[Removal], list[Diagnostic]]:
    documents, removed = split_source(source)
    reports, problems = [], []
    for doc in documents:
        try:
            reports.append(parse_document(doc, gazetteer))
        except Exception as err:  # one bad document must not take the site down
            log.exception("could not process document %d of %s", doc.index, source.name)
            problems.append(Diagnostic(source.name, f"document {doc.index + 1} could not be parsed: {err}",
                                       doc.line_span[0]))
    if not documents:
        problems.append(Diagnostic(source.name, "holds no document (only site chrome or blank lines)"))
    return reports, removed, problems


def build_report(sources: list[SourceFile], reports: list[Report], removed: list[Removal],
                 diagnostics: list[Diagnostic]) -> dict:
    """What the build kept, removed and repaired, per source file."""
    files = []
    for source in sources:
        docs = [r for r in reports if r.source_file == source.name]
        files.append({
            "file": source.name,
            "encoding": source.encoding,
            "sha256": source.sha256,
            "lines": len(source.lines),
            "documents": [{"id": r.id, "lines": list(r.source_lines)} for r in docs],
            "removed": [{"line": r.line, "reason": r.reason, "text": r.text}
                        for r in removed if r.file == source.name],
            "repairs": [{"line": p.line, "kind": p.kind, "before": p.before, "after": p.after,
                         "count": p.count, "document": r.id} for r in docs for p in r.repairs],
        })
    return {"files": files, "warnings": [str(d) for d in diagnostics]}


def build(config: SiteConfig) -> BuildResult:
    started = time.perf_counter()
    gazetteer = gazetteer_module.load(config.divisions_file)
    sources, diagnostics = read_sources(config.seeds_dir)
    reports: list[Report] = []
    removed: list[Removal] = []
    for source in sources:
        file_reports, file_removed, problems = parse_source(source, gazetteer)
        reports.extend(file_reports)
        removed.extend(file_removed)
        diagnostics.extend(problems)
    assign_ids(reports, gazetteer)
    site = link(reports, gazetteer)
    glossary, glossary_problems = load_glossary(config.site_src / "glossary.toml")
    diagnostics.extend(glossary_problems)
    notes = annotate_site(site, glossary, gazetteer)
    files = render_site(site, notes, glossary, make_env(config.templates_dir), config.site_src)
    files.update(build_search(site))
    files["data/build-report.json"] = to_json(build_report(sources, site.reports, removed, diagnostics)) + "\n"
    copies = {f"static/{p.name}": p for p in sorted(config.static_dir.iterdir()) if p.is_file()}
    copies["static/lunr.min.js"] = config.lunr_js
    written = write_tree(files, copies, config.out_dir)
    return BuildResult(site.reports, diagnostics, written, time.perf_counter() - started, removed)
