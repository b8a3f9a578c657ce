"""Stage 8: render pages and data files from the linked site.

Templates get plain data (dicts and dataclasses) and autoescape everything: no text from a
seed is ever rendered as markup. JSON is written sorted and compact so builds are
byte-identical.
"""
from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from gwr.config import BaseUrl
from gwr.digest import fingerprint
from gwr.enrich.link import Site
from gwr.enrich.marks import Annotations, Occurrence
from gwr.lexicon.glossary import Glossary, Term
from gwr.lexicon.textnorm import to_simplified
from gwr.model import Beside, Diagnostic, Kept, Report, Section, Streamed, as_bytes
from gwr.parse.outline import text_by_section
from gwr.site.assets import Assets
from gwr.site.body import REPAIR_NAMES, ReportBody, TextMarker, aligned_rows, table_of_contents
from gwr.site.charts import bar_chart, year_chart
from gwr.site.cite import ACCESS_DATE, bibtex, gbt7714, ris
from gwr.site.codebook import DOWNLOADS, codebook_json, datapackage_json
from gwr.site.compare import CountedText, compared_pair
from gwr.site.ledger import VERDICT_NAMES, ledger, ledger_csv, ledger_tables
from gwr.site.trends import UNKNOWN_YEAR, Counted, YearCount, term_trends_csv, term_years

T = TypeVar("T")

LEVEL_NAMES = {"national": "全国", "province": "省级", "prefecture": "地级", "county": "县级",
               "district": "区级"}
DOC_TYPE_NAMES = {"work_report": "政府工作报告", "plan_report": "计划报告", "news": "新闻",
                  "resolution": "决议"}
INDICATOR_NAMES = {"gdp_growth": "地区生产总值增长", "fiscal_revenue_growth": "一般公共预算收入增长",
                   "fixed_asset_investment_growth": "固定资产投资增长", "retail_sales_growth": "社会消费品零售总额增长",
                   "industrial_value_added_growth": "规模以上工业增加值增长", "trade_growth": "进出口总额增长",
                   "cpi": "居民消费价格涨幅", "unemployment": "城镇失业率", "new_urban_jobs": "城镇新增就业",
                   "income_growth": "居民收入增长", "energy_intensity": "单位生产总值能耗下降",
                   "rd_intensity": "研发经费投入强度", "grain_output": "粮食产量"}
HARDNESS_NAMES = {"hard": "硬约束", "soft": "软约束", "range": "区间", "qualitative": "定性"}
LEADING_QUALIFIERS = {"力争", "确保", "争取", "不低于", "不超过", "超过", "高于", "低于", "接近"}
SCOPE_NAMES = {"urban": "城镇", "rural": "农村", "all": "", "surveyed": "调查", "registered": "登记", "": ""}


def make_env(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The templates' environment; with `compiled_dir`, templates compiled by an earlier run
    (of the same source) are read from there instead of compiled again."""
    cache = None
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(LEVEL_NAMES=LEVEL_NAMES, DOC_TYPE_NAMES=DOC_TYPE_NAMES,
                       REPAIR_NAMES=REPAIR_NAMES, INDICATOR_NAMES=INDICATOR_NAMES, VERDICT_NAMES=VERDICT_NAMES,
                       ACCESS_DATE=ACCESS_DATE, HARDNESS_NAMES=HARDNESS_NAMES)
    env.globals["aligned_rows"] = aligned_rows
    env.filters["figure"] = format_target
    env.filters["pre_text"] = pre_text
    return env


def format_target(target) -> str:
    """6.5% 左右, 6–6.5%, 3.5% 以内, 50万人 以上, 与经济增长同步: a target as a reader writes it
    (城镇 or 农村 before an income's, 调查 or 登记 before an unemployment rate's)."""
    if target is None:
        return ""
    scope = SCOPE_NAMES.get(target.scope, "") if target.indicator in ("income_growth", "unemployment") else ""
    if target.value is None:
        return f"{scope}{target.qualifier or ''}"
    unit = target.unit
    value = f"{target.low:g}–{target.value:g}{unit}" if target.low is not None else f"{target.value:g}{unit}"
    qualifier = target.qualifier if target.qualifier and target.qualifier not in ("range", "区间") else ""
    if qualifier in LEADING_QUALIFIERS:  # 不低于900万人, 力争8%: printed before the figure
        return f"{scope}{qualifier}{value}"
    return f"{scope}{value} {qualifier}".strip()


def pre_text(text: str) -> Markup:
    """Text for a <pre>, escaped, a space that ends a line (RIS's "ER  - ") written as &#32;,
    which HTML checkers do not take for trailing whitespace."""
    return Markup(str(escape(text)).replace(" \n", "&#32;\n"))


def citations(report: Report, url: str) -> dict[str, str]:
    """The report's reference in each form its page offers to copy."""
    return {"gbt": gbt7714(report, url), "bibtex": bibtex(report, url), "ris": ris(report, url)}


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def outline_json(sections: list[Section]) -> list[dict]:
    nodes = []
    for s in sections:
        node = {"heading": s.heading, "anchor": s.anchor, "children": outline_json(s.children)}
        if s.is_box:
            node["kind"] = "box"
        if s.flags:
            node["flags"] = list(s.flags)
        nodes.append(node)
    return nodes


def report_json(report: Report, notes: Annotations, base: BaseUrl) -> dict:
    meta = report.meta
    region = asdict(meta.region) if meta.region else None
    return {
        "id": report.id,
        "url": base.href(report.url),
        "permalink": base.absolute(report.url),
        "doc_type": meta.doc_type,
        "title": meta.title,
        "title_inferred": meta.title_inferred,
        "region": region,
        "year": meta.year,
        "date": meta.date,
        "period": meta.period,
        "meeting": meta.meeting,
        "speaker": meta.speaker,
        "speaker_title": meta.speaker_title,
        "script": meta.script,
        "truncated": report.truncated,
        "source": {"file": report.source_file, "lines": list(report.source_lines), "place": report.source_place,
                   "listing_date": report.listing_date, "url": report.page.url if report.page else None,
                   "page": asdict(report.page) if report.page else None,
                   "also": [{"file": c.file, "lines": list(c.lines), "place": c.place} for c in report.also_found]},
        "outline": outline_json(report.outline.sections),
        "appendix": [{"heading": s.heading, "anchor": s.anchor} for s in report.outline.appendix],
        "targets": [asdict(t) for t in report.targets],
        "outcomes": [asdict(t) for t in report.outcomes],
        "targets_not_set": list(report.targets_not_set),
        "keywords": notes.keywords.get(report.id, []),
        "terms": dict(sorted(notes.term_counts.get(report.id, {}).items())),
        "repairs": len(report.repairs),
    }


def section_rows(report: Report) -> list[dict]:
    """One row per section for sections.jsonl: plain text, with its path of headings."""
    rows = [{"report": report.id, "anchor": anchor or "preamble", "path": path, "text": text}
            for anchor, path, text in text_by_section(report.outline)]
    if report.meta.script == "traditional":  # a simplified form for search and comparison
        for row in rows:
            row["text_simplified"] = to_simplified(row["text"])
            row["path_simplified"] = [to_simplified(h) for h in row["path"]]
    return rows


def joined(opening: bytes, separator: bytes, pieces: Iterable[bytes], closing: bytes) -> Iterator[bytes]:
    """opening + separator.join(pieces) + closing, piece by piece."""
    yield opening
    for number, piece in enumerate(pieces):
        if number:
            yield separator
        yield piece
    yield closing


def site_path(output_path: str) -> str:
    """The address of a page written at output_path: reports/x/index.html -> /reports/x/."""
    return "/" + output_path.removesuffix("index.html")


def rebase_links(tokens, base: BaseUrl) -> None:
    """Put the Markdown's links to site paths ("/data/reports.json") under the base path."""
    for inline in (child for token in tokens for child in token.children or ()):
        for name in ("href", "src"):
            address = inline.attrGet(name)
            if isinstance(address, str) and address.startswith("/") and not address.startswith("//"):
                inline.attrSet(name, base.href(address))


def render_markdown_pages(site_src: Path, base: BaseUrl) -> list[tuple[str, str, str]]:
    """(slug, title, html) for every Markdown page in site_src, markdown-it with HTML off.
    Links to site paths ("/data/reports.json") go under the base path like every other link."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    pages = []
    for path in sorted(site_src.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")),
                     path.stem)
        tokens = md.parse(text)
        rebase_links(tokens, base)
        pages.append((path.stem, title, md.renderer.render(tokens, md.options, {})))
    return pages


def _raise(problem: Diagnostic) -> None:
    raise RuntimeError(str(problem))


def or_warning(path: str, shows: Iterable[Report], warn: Callable[[Diagnostic], None],
               make: Callable[[], bytes | Kept]) -> bytes | Kept | None:
    """The page make() gives, or None and a warning naming the page and the file of the first
    report it shows: one page must not take the site down. A template that does not compile
    is the templates' fault, not a report's: it stops the build (the preview shows its line)."""
    try:
        return make()
    except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound):
        raise
    except Exception as err:  # noqa: BLE001
        shown = [r.source_file for r in shows]
        warn(Diagnostic(shown[0] if shown else path, f"page {path} could not be made: {type(err).__name__}: {err}"))
        return None


Page = Callable[..., None]  # (path, reports it shows, template, **context): renders into the site
Made = bytes | Diagnostic | None  # a page rendered elsewhere (a worker), or or_warning's word that it could not be


class PageReuse(Protocol):
    """How pages and data-file pieces are made: the build engine (gwr.build.incremental.PageKeys)
    keeps those whose inputs did not change; a page says what it shows and lists."""

    def rendered(self, path: str, shows: Iterable[Report], render: Callable[[], str | bytes], also: tuple = (),
                 lists: Iterable[Report] = ()) -> bytes | Kept: ...

    def pieces(self, kind: str, reports: Iterable[Report], make: Callable[[Report], T], also: tuple = (),
               beside: Beside | None = None) -> Iterator[T]: ...


class RenderEveryPage:
    """Reuse of nothing: every page rendered, every piece made."""

    def rendered(self, path: str, shows: Iterable[Report], render: Callable[[], str | bytes], also: tuple = (),
                 lists: Iterable[Report] = ()) -> bytes:
        return as_bytes(render())

    def pieces(self, kind: str, reports: Iterable[Report], make: Callable[[Report], T], also: tuple = (),
               beside: Beside | None = None) -> Iterator[T]:
        return map(make, reports)


# Assets only the search page names: they change with every edit of the corpus, so other
# pages do not name them and need not be rendered again when they change.
SEARCH_PAGE_ASSETS = ("search-manifest.json",)
# Occurrences a term's page shows in context, from the newest reports: a term of every report
# would otherwise make a page as large as the corpus. The counts are of every occurrence.
TERM_CONTEXTS = 300


class SiteRenderer:
    """Renders the site: emit(path relative to the output folder, bytes, text or Kept) as each
    page or data file is made, so that the site is never held in memory whole. A report's page
    needs that report's annotations alone (report_page: the engine renders each as soon as its
    marks are done, beside the workers marking the others); every other page and the data
    files need all of them (rest). A page that fails is left out and given to `warn`, naming
    the page and the reports it shows: one bad report never takes the site down.

    `assets` are those every page names; `search_page_assets()` (rest) gives, when every other
    page is done, the assets with those only the search page names (SEARCH_PAGE_ASSETS): the
    search manifest, which names the index shards that other processes build meanwhile."""

    def __init__(self, site: Site, glossary: Glossary, env: jinja2.Environment, site_src: Path, base: BaseUrl,
                 assets: Assets, emit: Callable[[str, str | bytes | Kept | Streamed], None],
                 keys: PageReuse | None = None, warn: Callable[[Diagnostic], None] | None = None):
        self.site, self.glossary, self.env, self.base, self.emit = site, glossary, env, base, emit
        self.keys = keys or RenderEveryPage()
        self.warn = warn or _raise
        self.markdown_pages = render_markdown_pages(site_src, base)
        self.terms = {t.slug: t for t in glossary.terms}
        self.common = {"nav_pages": [(slug, title) for slug, title, _ in self.markdown_pages], "site": site,
                       "terms": self.terms, "href": base.href, "asset": assets.href}
        self.named_by_all = tuple(sorted(assets.paths.items()))
        # Compare pages not made yet, each with the reports whose page is still to come: a
        # region's page is made after its last report's (report_page), while the outlines
        # its columns show were just read, rather than with the pages made last (rest).
        self.compare_waiting = {name: (reports, {r.id for r in reports})
                                for name, reports in compared_reports(site).items()}

    def page(self, path: str, shows: Iterable[Report], template: str, also: tuple = (),
             later: Callable[[], dict] = dict, lists: Iterable[Report] = (), made: Made = None, **context) -> None:
        """A page showing some reports whole and listing others (PageReuse.rendered); `later()`
        gives the context that costs to compute: only when the page is rendered. `made`: the
        page rendered elsewhere already (its bytes, or the warning that it could not be)."""
        if isinstance(made, Diagnostic):  # it could not be made: as or_warning() said there
            self.warn(made)
            return
        canonical = None if path == "404.html" else self.base.absolute(site_path(path))

        def render() -> str | bytes:
            if made is not None:
                return made
            return self.env.get_template(template).render({**self.common, **context, **later(), "canonical": canonical})
        content = or_warning(path, shows, self.warn, lambda: self.keys.rendered(
            path, shows, render, (str(self.base), self.named_by_all) + also, lists))
        if content is not None:
            self.emit(path, content)

    def report_page(self, report: Report, notes: Annotations, made: Made = None) -> None:
        """The page of one report, whose annotations `notes` holds (`made`: see page())."""
        self.page(f"reports/{report.id}/index.html", [report], "report.html", made=made,
                  later=functools.partial(self.report_context, report, notes), report=report, meta=report.meta,
                  toc=table_of_contents, keywords=notes.keywords.get(report.id, []))

    def report_context(self, report: Report, notes: Annotations) -> dict:
        """What a report's page shows that costs to compute: only when the page is rendered
        (a rebuild keeps most report pages)."""
        site, counts = self.site, notes.term_counts.get(report.id, {})
        return {"related": site.related(report), "body": ReportBody(report, TextMarker(site, notes, self.terms, self.base)),
                "report_terms": [self.terms[slug] for slug in sorted(counts, key=lambda k: (-counts[k], k))],
                "compare_url": compare_url(site, report.meta.region.name if report.meta.region else None),
                "cite": citations(report, self.base.absolute(report.url))}

    def report_done(self, report: Report, notes: Annotations) -> None:
        """Told once a report's page is made: the compare page of its region follows its
        last report's."""
        region = report.meta.region.name if report.meta.region else None
        if region in self.compare_waiting:
            reports, waiting = self.compare_waiting[region]
            waiting.discard(report.id)
            if not waiting:
                render_compare_page(self.site, region, reports, notes, self.page, self.terms)
                del self.compare_waiting[region]

    def structure_pages(self) -> Iterator[None]:
        """The pages made of the site's structure alone, of no report's annotations: the home
        page, the regions', the years', the targets', 404 and site_src's. One page a step, so
        that the engine can render them between report pages, while the workers mark."""
        site, page = self.site, self.page
        page("index.html", (), "index.html", later=lambda: {"matrix": home_matrix(site)})
        yield
        yield from region_pages(site, page)
        page("targets/index.html", (), "targets.html", lists=site.reports,
             later=lambda: {"tables": ledger_tables(ledger(site.reports), INDICATOR_NAMES, list(site.regions))})
        yield
        page("404.html", (), "404.html")
        yield
        page("data/codebook/index.html", (), "codebook.html", downloads=DOWNLOADS)
        self.emit("data/codebook.json", codebook_json())
        self.emit("data/datapackage.json", datapackage_json("报告研读 · GWR Reader", self.base.absolute("/")))
        for slug, title, html in self.markdown_pages:
            yield
            page(f"{slug}/index.html", (), "page.html", title=title, body=html)

    def rest(self, notes: Annotations, search_page_assets: Callable[[], Assets]) -> None:
        """The pages made of every report's annotations, the data files and the search page,
        once every report is annotated."""
        site, base, keys, emit, page = self.site, self.base, self.keys, self.emit, self.page
        for name, (reports, _) in self.compare_waiting.items():  # those whose reports' pages were not all made
            render_compare_page(site, name, reports, notes, page, self.terms)
        self.compare_waiting = {}
        render_glossary_pages(notes, self.glossary, page, emit)
        for year, reports in site.by_year.items():
            # its reports' keywords are in the page's key: shown by province, side by side
            keywords = tuple(tuple(notes.keywords.get(r.id, ())) for r in reports)
            page(f"years/{year}/index.html", (), "year.html", lists=reports, also=keywords, year=year, reports=reports,
                 later=functools.partial(year_context, reports, notes))
        # to_json is compact, so that one report's JSON is the same alone and in the whole file.
        # Both files are written report by report: at scale each is larger than the rest of
        # what a build holds.
        rows = Beside("section-rows", lambda r: "".join(to_json(row) + "\n" for row in section_rows(r)).encode("utf-8"))
        documents = keys.pieces("report-json", site.reports,
                                lambda r: to_json(report_json(r, notes, base)).encode("utf-8"), (str(base),), beside=rows)
        emit("data/reports.json", Streamed(joined(b'{"documents":[', b",", documents, b"]}\n")))
        emit("data/sections.jsonl", Streamed(keys.pieces(rows.kind, site.reports, rows.make, rows.also)))
        # Made of what the targets page lists of each report: kept with it.
        emit("data/targets.csv", keys.rendered("data/targets.csv", (), lambda: ledger_csv(ledger(site.reports), INDICATOR_NAMES, base.absolute),
                                               (str(base),), site.reports))
        search_assets = search_page_assets()
        for name in ("search", "trends"):  # both read the search index in the browser
            page(f"{name}/index.html", (), f"{name}.html", asset=search_assets.href,
                 also=tuple(search_assets.paths[asset] for asset in SEARCH_PAGE_ASSETS))


def render_site(site: Site, notes: Annotations, glossary: Glossary, env: jinja2.Environment, site_src: Path,
                base: BaseUrl, assets: Assets, search_page_assets: Callable[[], Assets],
                emit: Callable[[str, str | bytes | Kept | Streamed], None], keys: PageReuse | None = None,
                warn: Callable[[Diagnostic], None] | None = None) -> None:
    """Every page of the site and the data files, the reports' first (SiteRenderer)."""
    renderer = SiteRenderer(site, glossary, env, site_src, base, assets, emit, keys, warn)
    for report in site.reports:
        renderer.report_page(report, notes)
        renderer.report_done(report, notes)
    for _ in renderer.structure_pages():
        pass
    renderer.rest(notes, search_page_assets)


def compare_url(site: Site, region: str | None) -> str | None:
    reports = [r for r in site.by_region.get(region or "", []) if r.meta.is_report]
    return f"{site.region_url(region)}compare/" if len(reports) >= 2 else None


def compared_reports(site: Site) -> dict[str, list[Report]]:
    """The reports of each region with a compare page (two reports or more), oldest first."""
    groups = {}
    for name in site.regions:
        if compare_url(site, name):
            groups[name] = sorted((r for r in site.by_region[name] if r.meta.is_report),
                                  key=lambda r: (r.meta.year or 0, r.id))
    return groups


def render_compare_page(site: Site, name: str, reports: list[Report], notes: Annotations, page: Page,
                        terms: dict[str, Term]) -> None:
    """For a region with two or more reports: targets and outcomes by year, and each kind's
    reports year against year (outlines aligned, new words, words' moves)."""
    # Every report shown is in the page's key, with its words and terms: what the
    # comparison is made of is computed only when the page is made again.
    page(site.region_url(name).lstrip("/") + "compare/index.html", reports, "compare.html",
         region=site.regions[name], reports=reports, later=functools.partial(compare_context, notes, terms, reports))


def compare_context(notes: Annotations, terms: dict[str, Term], reports: list[Report]) -> dict:
    """The region's reports by kind (a work report is compared with work reports, a plan report
    with plan reports), each kind's years in pairs, latest first; its targets and outcomes by
    year; its terms by count."""
    rows = ledger(reports)
    kinds = []
    for kind in ("work_report", "plan_report"):
        same = [r for r in reports if r.meta.doc_type == kind and r.meta.year and r.meta.period is None]
        texts = {r.id: CountedText.of(r, notes.word_counts) for r in same}  # once, for both its pairs
        used: set[str] = set()
        pairs = []
        for before, after in zip(same, same[1:]):
            used |= texts[before.id].words.keys()
            if before.meta.year == after.meta.year:
                continue  # year against year: a copy of the report, or a second of the year, is no pair
            pairs.append(compared_pair(notes.word_counts, before, after, used, texts))
        if pairs:
            kinds.append({"kind": kind, "reports": same, "pairs": pairs[::-1]})
    term_rows = []
    for slug in sorted({s for r in reports for s in notes.term_counts.get(r.id, {})}):
        counts = [notes.term_counts.get(r.id, {}).get(slug, 0) for r in reports]
        term_rows.append((terms[slug], counts))
    term_rows.sort(key=lambda row: (-abs(row[1][-1] - row[1][0]), row[0].slug))
    by_cell = {(row.indicator, row.year): row for row in rows if not row.scope}
    years = sorted({row.year for row in rows})
    indicators = [k for k in INDICATOR_NAMES if any(i == k for i, _ in by_cell)]
    return {"kinds": kinds, "term_rows": term_rows, "indicators": indicators, "ledger_years": years, "by_cell": by_cell,
            "mixed": len({r.meta.doc_type for r in reports}) > 1}


def render_glossary_pages(notes: Annotations, glossary: Glossary, page: Page,
                          emit: Callable[[str, str | bytes | Kept | Streamed], None]) -> None:
    """The glossary index and a page per term: occurrences in context, counts as charts, and
    the counts behind the charts (data/term-trends.csv)."""
    summary = []
    sources = notes.term_sources()
    slugs = [t.slug for t in glossary.terms]
    # Each report's occurrences read once for every term, when the first term page is made.
    occurrences = functools.cache(lambda: notes.occurrences_of(slugs, TERM_CONTEXTS))
    years = functools.cache(lambda: term_years(counted_documents(notes), slugs))
    for term in glossary.terms:
        shows = sorted(notes.reports_using(term.slug))
        summary.append((term, sum(notes.term_counts[report_id][term.slug] for report_id in shows), len(shows)))
        # What a term's page shows of a report is its occurrences there (and its place and
        # year, part of the site's structure), not the rest of its text.
        # …and its counts by year (not its rate per 10,000 characters, which every edit of a
        # report's length would change: that is on the trends page and in term-trends.csv).
        shown = (sources.get(term.slug, ""), fingerprint([row.counts for row in years()[term.slug]]))
        page(f"glossary/{term.slug}/index.html", (), "term.html", also=shown, term=term, reports=len(shows),
             later=functools.partial(term_context, notes, term, occurrences, years))
    page("glossary/index.html", (), "glossary.html", also=tuple((t.slug, n, r) for t, n, r in summary), summary=summary)
    emit("data/term-trends.csv", term_trends_csv([(t.slug, t.name) for t in glossary.terms], years()))


def counted_documents(notes: Annotations) -> Iterator[Counted]:
    for report, marks in notes.marked.values():
        yield Counted(report.meta.year, not report.meta.is_report, marks.characters, dict(marks.term_counts))


def term_context(notes: Annotations, term: Term, occurrences: Callable[[], dict[str, list[Occurrence]]],
                 years: Callable[[], dict[str, list[YearCount]]]) -> dict:
    """A term's occurrences (`occurrences()`, every term's: Annotations.occurrences_of), its rate
    in the reports of every year (`years()`, every term's: term_years) and its count by region
    in the reports, as tables and charts; news counted apart."""
    by_region: Counter = Counter()
    total = 0
    for report_id in notes.reports_using(term.slug):
        meta, count = notes.marked[report_id][0].meta, notes.term_counts[report_id][term.slug]
        total += count
        if meta.region and meta.is_report:
            by_region[meta.region.name] += count
    year_rows = years()[term.slug]
    region_rows = sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0]))
    dated = [(row.year, row.per_report) for row in year_rows if row.year != UNKNOWN_YEAR]
    return {"occurrences": occurrences()[term.slug], "total": total, "year_rows": year_rows, "region_rows": region_rows,
            "news": sum(row.news_occurrences for row in year_rows), "news_items": sum(row.news_mentioning for row in year_rows),
            "year_chart": year_chart(f"“{term.name}”各年每篇报告平均出现次数", dated),
            "region_chart": bar_chart(f"“{term.name}”各地区报告中出现次数", region_rows[:15])}


def year_context(reports: list[Report], notes: Annotations) -> dict:
    """A year's reports of each province with two or more side by side: their targets and
    their keywords (the national government and regions of no province apart)."""
    groups: dict[str, list[Report]] = {}
    for report in reports:
        if report.meta.doc_type == "work_report" and report.meta.region and report.meta.region.province:
            groups.setdefault(report.meta.region.province, []).append(report)
    provinces = []
    for province, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        members.sort(key=lambda r: (r.meta.region.level != "province", r.meta.region.name))
        indicators = [k for k in INDICATOR_NAMES if any(t.indicator == k for r in members for t in r.targets)]
        rows = [{"report": r, "keywords": notes.keywords.get(r.id, [])[:6],
                 "targets": {k: [t for t in r.targets if t.indicator == k] for k in indicators}} for r in members]
        provinces.append({"province": province, "indicators": indicators, "rows": rows})
    return {"provinces": provinces}


def region_ledger(reports: list[Report]) -> dict:
    """A region's target ledger, year by year: what its page shows of its reports' targets."""
    rows = ledger(reports)
    order = list(INDICATOR_NAMES)
    return {"ledger": sorted(rows, key=lambda row: (row.year, order.index(row.indicator), row.scope))}


def region_pages(site: Site, page: Page) -> Iterator[None]:
    """A page per region (its reports by year, parent and child regions, news) and an index;
    a step each."""
    for name, region in site.regions.items():
        reports, news = site.by_region[name], site.news_about(name)
        page(f"regions/{site.region_slugs[name]}/index.html", (), "region.html", lists=reports + news,
             later=functools.partial(region_ledger, reports), region=region,
             reports=[r for r in reports if r.meta.is_report],
             news=news,
             children=site.children.get(name, []),
             compare_url=compare_url(site, name),
             in_province=[r for n, r in site.regions.items() if r.province == name and n != name
                          and any(d.meta.is_report for d in site.by_region[n])]
             if region.level == "province" else [])
        yield
    provinces: dict[str, list] = {}
    for name, region in site.regions.items():
        provinces.setdefault(province_group(region), []).append(region)
    page("regions/index.html", (), "regions.html", provinces=by_group_order(site, provinces))


def province_group(region) -> str:
    """The group a region is listed under: its province; the national government apart."""
    return region.province or ("全国" if region.level == "national" else "其他")


def by_group_order(site: Site, groups: dict[str, list]) -> list[tuple[str, list]]:
    """Province groups in the order of their names' pinyin (their slugs), the national
    government first and regions of no known province last."""
    def order(name: str) -> tuple[int, str]:
        return ({"全国": 0, "其他": 2}.get(name, 1), site.region_slugs.get(name, name))
    return sorted(groups.items(), key=lambda item: order(item[0]))


def home_matrix(site: Site) -> dict:
    """Region × year table of the reports, grouped by province; news listed apart."""
    years = sorted(site.by_year)
    provinces: dict[str, list] = {}
    for name, reports in site.by_region.items():
        region = site.regions[name]
        docs = [r for r in reports if r.meta.is_report]
        if not docs:
            continue
        cells: dict[int, list[Report]] = {y: [] for y in years}
        for report in docs:
            if report.meta.year:
                cells[report.meta.year].append(report)
        provinces.setdefault(province_group(region), []).append(
            {"region": region, "cells": cells, "undated": [r for r in docs if not r.meta.year]})
    news = [r for r in site.reports if not r.meta.is_report]
    undated = any(row["undated"] for rows in provinces.values() for row in rows)  # a column only when needed
    return {"years": years, "provinces": by_group_order(site, provinces), "news": news, "undated": undated}


