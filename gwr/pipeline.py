"""The stage script: read, split, clean, identify, outline, annotate, link, render, write."""
from __future__ import annotations

import functools
import logging
import multiprocessing
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

import jinja2
from tqdm import tqdm

from . import gazetteer as gazetteer_module
from .annotate import extract_outcomes, extract_targets
from .assets import fingerprint_assets
from .clean import clean_lines
from .config import SiteConfig
from .feeds import host_files
from .glossary import load_glossary
from .identify import identify, split_front_matter
from .ingest import read_sources
from .link import Site, assign_ids, link
from .cache import DiskCache
from .marks import Marker, ReportMarks, annotate_site, glossary_words, report_words
from .memo import Memo, fingerprint
from .model import Diagnostic, RawDocument, Removal, Report, SourceFile
from .outline import build_outline
from .render import PageKeys, make_env, render_site, to_json
from .search import build_search
from .split import split_source
from .write import Kept, Manifest, update_tree, write_tree

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class BuildResult:
    reports: list[Report]
    diagnostics: list[Diagnostic]
    files_written: int  # files in the site
    seconds: float
    removed: list[Removal] = field(default_factory=list)
    files_changed: int = 0  # files whose bytes this build wrote or deleted
    work: dict[str, int] = field(default_factory=dict)  # kind of work -> times done, not reused


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


@dataclass
class ParsedFile:
    """Everything done to one source file alone: what the cache keeps per file."""
    reports: list[Report]
    removed: list[Removal]
    problems: list[Diagnostic]
    words: list[Counter[str]]  # jieba's words of each report, counted, for keywords


def process_source(job: tuple[SourceFile, Path, tuple[str, ...]]) -> ParsedFile:
    """Parse one file and cut its reports into words; runs in a worker process."""
    source, divisions_file, extra_words = job
    reports, removed, problems = parse_source(source, gazetteer_module.load(divisions_file))
    return ParsedFile(reports, removed, problems, [Counter(report_words(r, extra_words)) for r in reports])


def map_jobs(function: Callable[[T], R], items: list[T], jobs: int, label: str) -> list[R]:
    """function over items, in up to `jobs` processes, with a progress bar on a terminal."""
    bar = tqdm(total=len(items), desc=label, unit="file", leave=False,
               disable=len(items) < 2 or not sys.stderr.isatty())
    results = []
    try:
        if jobs < 2 or len(items) < 2:
            for item in items:
                results.append(function(item))
                bar.update()
        else:
            # forkserver: the preview calls this from a process with threads, which fork() would copy badly.
            context = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(min(jobs, len(items)), mp_context=context) as pool:
                for result in pool.map(function, items, chunksize=max(1, len(items) // (jobs * 8))):
                    results.append(result)
                    bar.update()
    finally:
        bar.close()
    return results


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


def tree_fingerprint(folder: Path) -> str:
    """Names and contents of every file below folder: templates and site_src are small."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return fingerprint([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])


def structure_fingerprint(site: Site) -> str:
    """What every page may show of other reports: ids, titles, places, years, region links."""
    return fingerprint([(r.id, r.meta.title, r.meta.region, r.meta.year, r.meta.doc_type, r.meta.period)
                        for r in site.reports], site.region_slugs, site.children)


class Builder:
    """Builds the site; built again, redoes only the work whose inputs changed.

    A source file is parsed again only when its bytes changed; annotations and the search
    index only when some report changed; a page is rendered again only when the templates,
    site_src, the site's structure or one of the reports it shows changed. With `in_place`,
    rebuilds after the first write only the files whose bytes changed (the preview server
    serves the folder meanwhile); otherwise every build swaps in a whole new folder.
    """

    def __init__(self, config: SiteConfig, in_place: bool = False):
        self.config = config
        self.in_place = in_place
        self.gazetteer = gazetteer_module.load(config.divisions_file)
        self.memo = Memo(disk=DiskCache(config.cache_file), persistent={"parse", "marks", "search-group", "page"})
        self._env: tuple[str, jinja2.Environment] | None = None
        self._written: dict[str, str] | None = None  # path -> digest, after an in-place write
        self._divisions_digest: str | None = None

    def environment(self, templates: str) -> jinja2.Environment:
        if self._env is None or self._env[0] != templates:
            self._env = (templates, make_env(self.config.templates_dir))
        return self._env[1]

    def parse(self, sources: list[SourceFile], extra_words: tuple[str, ...]) -> list[ParsedFile]:
        """Each file's ParsedFile: from memory, from the cache, or parsed in `jobs` processes."""
        by_key = {(s.name, s.sha256, extra_words, self.divisions_digest): s for s in sources}

        def compute(missing: list[tuple]) -> dict[tuple, ParsedFile]:
            jobs = [(by_key[key], self.config.divisions_file, extra_words) for key in missing]
            return dict(zip(missing, map_jobs(process_source, jobs, self.config.jobs, "parsing")))

        parsed = self.memo.get_many("parse", by_key, compute)
        return list(parsed.values())

    @property
    def divisions_digest(self) -> str:
        if self._divisions_digest is None:
            self._divisions_digest = fingerprint(self.config.divisions_file.read_bytes())
        return self._divisions_digest

    def build(self) -> BuildResult:
        started = time.perf_counter()
        config = self.config
        sources, diagnostics = read_sources(config.seeds_dir)
        glossary, glossary_problems = load_glossary(config.site_src / "glossary.toml")
        files_parsed = self.parse(sources, glossary_words(glossary))
        reports = [r for f in files_parsed for r in f.reports]
        removed = [r for f in files_parsed for r in f.removed]
        diagnostics.extend(p for f in files_parsed for p in f.problems)
        diagnostics.extend(glossary_problems)
        assign_ids(reports, self.gazetteer)
        site = link(reports, self.gazetteer)
        words_of = {r.id: w for f in files_parsed for r, w in zip(f.reports, f.words)}
        digests = {s.name: s.sha256 for s in sources}
        content = {r.id: (digests[r.source_file], r.source_lines, self.divisions_digest) for r in reports}
        notes = annotate_site(site, glossary, self.gazetteer, words_of, functools.partial(self.mark_all, content))
        previous = self.previous_output()
        base = config.base_url
        search, search_files = build_search(site, base, self.memo, lambda function, items: map_jobs(
            function, items, self.config.jobs, "search index"), self.config.jobs)
        assets, files = fingerprint_assets(self.asset_sources(search), base)
        files.update(search_files)
        templates = tree_fingerprint(config.templates_dir)
        keys = PageKeys(self.memo, fingerprint(templates, tree_fingerprint(config.site_src),
                                               structure_fingerprint(site)),
                        {r.id: fingerprint(content[r.id], notes.digest(r)) for r in reports}, previous)
        pages = render_site(site, notes, glossary, self.environment(templates), config.site_src, base, assets, keys)
        files.update(pages)
        files.update(host_files(site, pages, base))
        files["data/assets.json"] = to_json({name: path.lstrip("/") for name, path in assets.paths.items()}) + "\n"
        files["data/build-report.json"] = to_json(build_report(sources, site.reports, removed, diagnostics)) + "\n"
        changed = self.write(files, previous)
        return BuildResult(site.reports, diagnostics, len(files), time.perf_counter() - started, removed,
                           changed, dict(self.memo.sweep()))

    def mark_all(self, content: dict[str, tuple], marker: Marker, jobs: list[tuple[Report, tuple[str, ...]]]) -> list[ReportMarks]:
        """Each report's marks: kept from before when its content, its keywords, the glossary
        and the regions with pages are the same, else marked in `jobs` processes."""
        keys = [(content[report.id], keywords, marker.fingerprint) for report, keywords in jobs]
        job_of = dict(zip(keys, jobs))

        def compute(missing: list[tuple]) -> dict[tuple, ReportMarks]:
            return dict(zip(missing, map_jobs(marker, [job_of[key] for key in missing], self.config.jobs, "marks")))

        marked = self.memo.get_many("marks", keys, compute)
        return [marked[key] for key in keys]

    def asset_sources(self, search: dict[str, str]) -> dict[str, bytes]:
        """Everything in static/, lunr.js and the search data, by plain name."""
        sources = {p.name: p.read_bytes() for p in sorted(self.config.static_dir.iterdir())
                   if p.is_file() and not p.name.startswith(".")}
        sources[self.config.lunr_js.name] = self.config.lunr_js.read_bytes()
        sources.update((name, text.encode("utf-8")) for name, text in search.items())
        return sources

    def previous_output(self) -> Manifest:
        """What the output folder holds now, as far as it can be trusted: what this process
        wrote in place, else the manifest the last build recorded, less every file whose size
        or time of change is no longer what that build left."""
        if self._written is not None:
            return self._written
        recorded = self.memo.disk.get("output", "manifest") or {}
        out = self.config.out_dir
        trusted = {}
        for rel, (digest, size, mtime) in recorded.items():
            try:
                stat = (out / rel).stat()
            except OSError:
                continue
            if (stat.st_size, stat.st_mtime_ns) == (size, mtime):
                trusted[rel] = digest
        return trusted

    def write(self, files: dict[str, str | bytes | Kept], previous: Manifest) -> int:
        """Write the site; returns how many files were written or removed."""
        in_place, self._written = self._written is not None, None  # unknown until this write is done
        if in_place and self.config.out_dir.is_dir():
            manifest, changed = update_tree(files, self.config.out_dir, previous)
        else:
            manifest = write_tree(files, self.config.out_dir, previous)
            changed = sum(1 for rel, digest in manifest.items() if previous.get(rel) != digest)
            changed += len(set(previous) - set(manifest))
        self.record_output(manifest)
        self._written = manifest if self.in_place else None
        return changed

    def record_output(self, manifest: Manifest) -> None:
        """Keep the manifest with each file's size and time of change, for the next run."""
        out, stats = self.config.out_dir, {}
        for rel, digest in manifest.items():
            stat = (out / rel).stat()
            stats[rel] = (digest, stat.st_size, stat.st_mtime_ns)
        self.memo.disk.put_many("output", {"manifest": stats})


def build(config: SiteConfig) -> BuildResult:
    """One full build, written atomically: what `python build.py` does."""
    return Builder(config).build()
