"""The stage script and the engine that runs it: read, parse (split, clean, identify, outline,
figures), dedupe, link, keywords and marks, search index, pages, write; what to reuse of the
last build is decided here, not in the stages."""
from __future__ import annotations

import functools
import logging
import os
import tempfile
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import jinja2

from gwr.build import heap
from gwr.build.cache import DiskCache
from gwr.build.incremental import PageKeys
from gwr.build.memo import Memo
from gwr.build.spill import Spilled, SpillStore
from gwr.build.workers import Batch, Workers
from gwr.build.write import (InPlaceTree, Manifest, Spare, StagedTree, remove_in_background, remove_retired,
                             retire, spare_path)
from gwr.config import BaseUrl, SiteConfig
from gwr.digest import fingerprint
from gwr.enrich.dedupe import Duplicate, drop_duplicates
from gwr.enrich.keywords import CountedBags, WordBag, WordCounts
from gwr.enrich.link import RegionSlugs, Site, assign_ids, link
from gwr.enrich.marks import (Annotations, Marker, ReportMarks, annotate_site, excluded_words, glossary_words,
                              report_words)
from gwr.lexicon import gazetteer as gazetteer_module
from gwr.lexicon.gazetteer import Gazetteer
from gwr.lexicon.glossary import Glossary, load_glossary
from gwr.model import Diagnostic, Kept, RawDocument, Removal, Report, SourceFile, Streamed
from gwr.parse.account import CharacterAccount, account, document_characters
from gwr.parse.clean import clean_lines
from gwr.parse.figures import extract_outcomes, extract_targets, extract_targets_not_set, role_sentences
from gwr.parse.identify import identify, split_front_matter
from gwr.parse.ingest import list_input_files, read_by_library, read_source
from gwr.parse.outline import build_outline, reading_order
from gwr.parse.split import split_source
from gwr.search.shards import (ChunkFiles, GroupIndex, GroupRecord, PartialGroup, ReportText, SearchPlan, ShardFile,
                               ShardWork, chunk_shards, chunk_sources, packed, partial_group, plan_search,
                               report_text, search_manifest, shard_piece)
from gwr.search.terms import block_folding
from gwr.site.assets import Assets, fingerprint_assets
from gwr.site.feeds import atom_feed, feed_reports, host_files
from gwr.site.render import SiteRenderer, make_env, to_json

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class BuildResult:
    reports: list[Report]  # those built; none when the output was already up to date
    diagnostics: list[Diagnostic]
    files_written: int  # files in the site
    seconds: float
    removed: list[Removal] = field(default_factory=list)
    files_changed: int = 0  # files whose bytes this build wrote or deleted
    work: dict[str, int] = field(default_factory=dict)  # kind of work -> times done, not reused
    documents: int = 0  # in the site, of which
    news: int = 0
    up_to_date: bool = False  # every input as the last build left it: nothing was done


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of what the site is made from besides the corpus, read once a build."""
    templates: str
    site_src: str  # with the glossary and site.toml
    assets: str  # static/ and lunr.js

    def fingerprint(self, sources: list[SourceFile], divisions: str, base_url: str) -> str:
        """Everything, but the code (a change of code empties the cache that keeps this)."""
        return fingerprint([(s.name, s.sha256) for s in sources], divisions, self.templates, self.site_src,
                           self.assets, base_url)


@dataclass
class OutputRecord:
    """What the last build was made from and what it told, kept with its output's manifest:
    when the inputs are the same and the output is as that build left it, a build has nothing
    to do but say so again."""
    inputs: str
    documents: int
    news: int
    diagnostics: list[Diagnostic]


PAGES_BETWEEN_RELEASES = 500  # heap.release(): a few tens of milliseconds each
CHUNKS_BETWEEN_RELEASES = 8
# The search index's parts finished by the workers are taken (stored out of memory) between
# so many pieces of a whole-corpus data file: writing one takes a minute at 20,000 reports,
# while the parts the workers finish meanwhile pile up in this process (800 MB of them).
PIECES_BETWEEN_TAKES = 64
SAME_BODY_LENGTH = 1000  # characters: a text this long, found twice in one file, is one report twice


def parse_document(doc: RawDocument, source: SourceFile, gazetteer) -> Report:
    blocks, repairs = clean_lines(doc.lines)
    front, body = split_front_matter(blocks)
    meta = identify(doc, front, body, gazetteer)
    outline, outline_repairs = build_outline(body, whole_paragraphs=source.paragraphs)
    sentences = role_sentences(outline, meta.year) if meta.is_report else []
    text = "".join("".join(reading_order(outline)).split())
    return Report(
        id="", source_file=doc.file, source_lines=doc.line_span, meta=meta,
        truncated=doc.truncated, outline=outline, repairs=repairs + outline_repairs,
        targets=extract_targets(sentences), outcomes=extract_outcomes(sentences),
        targets_not_set=extract_targets_not_set(sentences),
        listing_date=doc.listing_date, tag=doc.tag, text_digest=fingerprint(meta.title, text) if text else "",
        body_digest=fingerprint(text) if len(text) >= SAME_BODY_LENGTH else "",
        characters=document_characters(source, doc), locator=source.locator, page=source.page,
    )


def parse_source(source: SourceFile, gazetteer) -> ParsedFile:
    documents, removed = split_source(source)
    reports, problems, parsed, unparsed = [], [], [], []
    for doc in documents:
        try:
            reports.append(parse_document(doc, source, gazetteer))
            parsed.append(doc)
        except Exception as err:  # one bad document must not take the site down
            log.exception("could not process document %d of %s", doc.index + 1, source.name)
            problems.append(Diagnostic(source.name, f"document {doc.index + 1} ({source.locator.span(doc.line_span)}) "
                                                    f"could not be parsed: {err}", doc.line_span[0]))
            unparsed.append(doc)
    if not documents:
        problems.append(Diagnostic(source.name, "holds no document (only site chrome or blank lines)"))
    characters = account(source, parsed, unparsed, removed)
    if not characters.balanced:  # a fault of splitting: never expected, never silent
        problems.append(Diagnostic(source.name, f"characters not accounted for: {characters.to_json()}"))
    return ParsedFile(reports, removed, problems, characters)


@dataclass
class Corpus:
    """The sources read, parsed, linked and annotated: everything the pages are made from."""
    sources: list[SourceFile]
    site: Site
    notes: Annotations
    glossary: Glossary
    content: dict[str, tuple]  # report id -> what its text was made from (file digest, lines, divisions)
    removed: list[Removal]
    diagnostics: list[Diagnostic]
    duplicates: list[Duplicate] = field(default_factory=list)  # documents left out as found twice
    characters: dict[str, CharacterAccount] = field(default_factory=dict)  # file -> where its characters went
    words: CountedBags = field(default_factory=CountedBags)  # the words the parse cut, by words key, until annotated
    texts: dict[tuple, ReportText] = field(default_factory=dict)  # content key -> what the parse took for search, until planned


@dataclass
class ParsedFile:
    """Everything done to one source file alone: what the cache keeps per file."""
    reports: list[Report]
    removed: list[Removal]
    problems: list[Diagnostic]
    characters: CharacterAccount


@dataclass
class FileWork:
    """What a worker makes of one source file: its ParsedFile, and for each of its reports the
    words jieba cut (kept apart: only the reports whose keywords may change need theirs) and
    what search takes of its text (its ReportText: the layout and the folding table need it
    before any shard is built)."""
    parsed: ParsedFile
    words: list[WordBag]
    texts: list[ReportText]


def read_source_job(job: tuple[Path, str]) -> SourceFile | Diagnostic:
    """read_source in a worker process."""
    return read_source(*job)


def process_source(job: tuple[SourceFile, Path, tuple[str, ...]]) -> FileWork:
    """Parse one file, cut its reports into words and take their search texts; runs in a
    worker process."""
    source, divisions_file, extra_words = job
    parsed = parse_source(source, gazetteer_module.load(divisions_file))
    return FileWork(parsed, [WordBag.of(report_words(r, extra_words)) for r in parsed.reports],
                    [report_text(r) for r in parsed.reports])


def by_file(items: Iterable[T], file_of: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(file_of(item), []).append(item)
    return grouped


def build_report(corpus: Corpus, reports: list[Report]) -> dict:
    """What the build kept, removed and repaired, per source file, and where each of its
    characters went; a document found twice is listed in its second file as the same as the
    report kept."""
    docs_of = by_file(reports, lambda r: r.source_file)
    again_in = by_file(corpus.duplicates, lambda d: d.file)
    removed_from = by_file(corpus.removed, lambda r: r.file)
    files = []
    for source in corpus.sources:
        docs = docs_of.get(source.name, [])
        place = source.locator.span
        listed = [{"id": r.id, "lines": list(r.source_lines), "place": place(r.source_lines),
                   "characters": r.characters} for r in docs]
        listed += [{"same_as": d.kept.id, "lines": list(d.lines), "place": place(d.lines), "characters": d.characters}
                   for d in again_in.get(source.name, [])]
        files.append({
            "file": source.name,
            "encoding": source.encoding,
            "sha256": source.sha256,
            "lines": source.line_count,
            "characters": corpus.characters[source.name].to_json(),
            "documents": sorted(listed, key=lambda d: d["lines"]),
            "removed": [{"line": r.line, "place": source.locator.place(r.line), "reason": r.reason, "text": r.text}
                        for r in removed_from.get(source.name, [])],
            "repairs": [{"line": p.line, "kind": p.kind, "before": p.before, "after": p.after,
                         "count": p.count, "document": r.id} for r in docs for p in r.repairs],
        })
    return {"files": files, "warnings": [str(d) for d in corpus.diagnostics]}


def interleaved(items: Iterable[T], between: Callable[[], None], every: int) -> Iterator[T]:
    """The items, with between() called after every `every` of them."""
    for number, item in enumerate(items, 1):
        yield item
        if number % every == 0:
            between()


def tree_fingerprint(folder: Path) -> str:
    """Names and contents of every file below folder: templates and site_src are small."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return fingerprint([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])


def structure_fingerprint(site: Site) -> str:
    """What every page may show of other reports: ids, titles, places, years, region links."""
    return fingerprint([(r.id, r.meta.title, r.meta.region, r.meta.year, r.meta.doc_type, r.meta.period)
                        for r in site.reports], site.region_slugs, site.children)


@dataclass
class PageRun:
    """The pages of one build as the engine makes them: each report's as soon as its marks
    are in (rendered by the worker that marked it, or here), with a page of the site's
    structure after each (report_page), then the rest (Builder.make_site)."""
    renderer: SiteRenderer
    keys: PageKeys  # what each report's page shows, known as its marks come in
    content: dict[str, tuple]  # Corpus.content
    paths: list[str]  # of the pages emitted
    assets: Assets
    structure: Iterator[None] = field(init=False)  # SiteRenderer.structure_pages, a page a step
    making: PageMaking | None = None  # when the workers render report pages as they mark them
    made: dict[str, bytes | Diagnostic] = field(default_factory=dict)  # report id -> its page, by a worker

    def __post_init__(self) -> None:
        self.structure = self.renderer.structure_pages()

    def report_page(self, report: Report, notes: Annotations) -> None:
        self.keys.reports[report.id] = fingerprint(self.content[report.id], notes.digest(report))
        self.renderer.report_page(report, notes, self.made.pop(report.id, None))
        self.renderer.report_done(report, notes)
        next(self.structure, None)


@dataclass(frozen=True)
class PageMaking:
    """What a worker needs to render the page of each report it marks (the report page is
    this process's largest share of the work otherwise): the site, spilled once and read
    once by each worker, and what SiteRenderer is made of."""
    site: Spilled
    glossary: Glossary
    templates: Path
    compiled: Path | None
    site_src: Path
    base: BaseUrl
    assets: Assets


SOURCES_HELD_AT_ONCE = 64  # files read whose lines are spilled in one transaction
# The workers render the pages of the reports they mark when they mark at least one report
# in WORKER_PAGES_SHARE: sending them the site costs some 1/80 of rendering every page, so
# an edit's few pages are rendered here.
WORKER_PAGES_SHARE = 50
_worker_pages: dict[str, tuple[SiteRenderer, list]] = {}  # in a worker: the renderer of the site it was sent


def worker_renderer(making: PageMaking) -> tuple[SiteRenderer, list]:
    """This worker's renderer of the site, made once; and the list it gives each page to."""
    if making.site.key not in _worker_pages:
        _worker_pages.clear()
        made: list = []
        emit = lambda path, content: made.append(content)  # noqa: E731
        renderer = SiteRenderer(making.site.load(), making.glossary, make_env(making.templates, making.compiled),
                                making.site_src, making.base, making.assets, emit, warn=made.append)
        _worker_pages[making.site.key] = renderer, made
    return _worker_pages[making.site.key]


@dataclass(frozen=True)
class MarkAndRender:
    """A worker's job on a report: its marks and its page (the bytes, or the warning that
    it could not be made)."""
    marker: Marker
    making: PageMaking

    def __call__(self, job: tuple[Report, tuple[str, ...]]) -> tuple[ReportMarks, bytes | Diagnostic]:
        marks = self.marker(job)
        report, keywords = job
        renderer, made = worker_renderer(self.making)
        notes = Annotations()
        notes.add(report, marks)
        notes.keywords[report.id] = list(keywords)
        made.clear()
        renderer.report_page(report, notes)
        return marks, made[0]


class SearchRun:
    """The search index of one build: the groups the cache holds, and those the workers build
    (start), each stored out of memory as soon as it is complete; finish() waits for the last
    and writes the shards chunk by chunk, keeping those whose pieces did not change, and the
    manifest naming them."""

    def __init__(self, plan: SearchPlan, memo: Memo, spill: SpillStore, work: ShardWork,
                 indexes: dict[tuple, GroupIndex], records: dict[int, GroupRecord]):
        self.plan, self.memo, self.spill, self.work = plan, memo, spill, work
        self.indexes = indexes  # group key -> its index, for every group built or kept
        self.records = records  # group number -> what the last build made it of
        self.batch: Batch | None = None
        for key in work.complete_now:
            self.built(key, {})

    def start(self, workers: Workers) -> None:
        workers.close()  # new workers for the shards: those that parsed and marked hold memory no longer needed
        self.batch = workers.start(shard_piece, self.work.jobs, "search index")

    def built(self, key: tuple, pieces: dict[int, bytes]) -> None:
        index = self.work.group_index(key, pieces, self.plan.layout, self.spill.put_all)
        self.indexes[key] = index
        self.memo.store_many("search-group", {key: index})
        number = self.plan.group_keys.index(key)
        record = GroupRecord(key, self.plan.group_members(number), index)
        if self.records.get(number) != record:
            self.memo.store_many("search-members", {(self.plan.layout.buckets, number): record})

    def take(self, results: Iterable[tuple[int, dict[int, bytes]]]) -> None:
        # Each group stored as soon as it is built, rather than all held until the end.
        for number, piece in results:
            self.memo.count("search-bucket", len(piece))
            if (group := self.work.take(number, piece)) is not None:
                self.built(*group)

    def take_ready(self) -> None:
        if self.batch is not None:
            self.take(self.batch.ready())

    def finish(self, base: BaseUrl, previous: Manifest, emit: Callable[[str, bytes | Kept], None]) -> Assets:
        """Every shard written, and the manifest; the manifest's asset."""
        if self.batch is not None:
            self.take(self.batch.rest())
        indexes = [self.indexes[key] for key in self.plan.group_keys]
        chunks = [(self.plan.layout.buckets, chunk) for chunk in range(self.plan.layout.chunks)]
        last, _ = self.memo.split("search-files", chunks)
        names: dict[int, str] = {}

        def held(file: ShardFile) -> bool:
            return previous.get(file.path) == file.digest

        release_now_and_then = heap.Every(CHUNKS_BETWEEN_RELEASES)
        # The shards are packed by threads (zlib lets go of the interpreter), one a core: the
        # workers are done, and this process would pack them one by one.
        with ThreadPoolExecutor(self.work.cores) as packers:
            for key in chunks:
                release_now_and_then()
                sources = chunk_sources(indexes, key[1])
                files = last.get(key)
                fresh: dict[str, bytes] = {}
                if files is None or not files.made_of(sources) or not all(map(held, files.files)):
                    only = files.changed_buckets(sources, held) if files else None
                    files, fresh = ChunkFiles.of(sources, chunk_shards(indexes, key[1], only), held, files,
                                                 functools.partial(packers.map, packed), only)
                    self.memo.store_many("search-files", {key: files})
                for file in files.files:
                    emit(file.path, fresh.get(file.path) or Kept(file.digest))
                names.update((file.bucket, file.name) for file in files.files)
        manifest = search_manifest(self.plan, names, base)
        assets, files = fingerprint_assets({"search-manifest.json": manifest.encode("utf-8")}, base)
        for path, data in files.items():
            emit(path, data)
        return assets


class ParseRun:
    """Each source file's ParsedFile: from memory, from the cache, or parsed by the workers,
    which also cut the words of its reports (given back, and kept as "words", by words_key)
    and take their search texts (given back by content_key). The files read afresh are sent
    to the workers as they are read (start), so that parsing starts with the first of them;
    finish() gives every file's."""

    def __init__(self, builder: Builder, workers: Workers, extra_words: tuple[str, ...]):
        self.builder, self.workers, self.extra_words = builder, workers, extra_words
        self.started: list[tuple[list[tuple], Batch[FileWork]]] = []  # keys of the files sent, and their batch
        self.sent: set[tuple] = set()
        self.done: list[tuple[tuple, FileWork]] = []
        self.words = CountedBags()

    def key(self, source: SourceFile) -> tuple:
        return source.name, source.sha256, self.extra_words, self.builder.divisions_digest

    def jobs(self, sources: list[SourceFile]) -> list[tuple]:
        return [(source, self.builder.config.divisions_file, self.extra_words) for source in sources]

    def start(self, sources: list[SourceFile]) -> None:
        """Those of these files whose parse is not kept, sent to the workers; the results in
        so far taken."""
        keys = [self.key(source) for source in sources]
        held = self.builder.memo.held("parse", keys)
        self.send([(key, source) for key, source in zip(keys, sources) if key not in held and key not in self.sent])
        for keys_sent, batch in self.started:
            for number, work in batch.ready():
                self.take(keys_sent[number], work)
        self.started = [(keys_sent, batch) for keys_sent, batch in self.started if not batch.settled()]

    def send(self, files: list[tuple[tuple, SourceFile]]) -> None:
        """These files (key, source) to the workers, in a few large chunks: each chunk's results
        come back as one message, handled by this process (a build of 20,000 files sent four
        at a time spent 25 s more here)."""
        if files:
            self.started.append(([key for key, _ in files], self.workers.start(process_source, self.jobs(
                [source for _, source in files]), "parsing", chunk=max(1, len(files) // self.workers.jobs))))
            self.sent.update(key for key, _ in files)

    def take(self, key: tuple, work: FileWork) -> None:
        """A worker's result, its words counted and its reports' text and words spilled as it comes."""
        for report, bag in zip(work.parsed.reports, work.words):
            self.words.add(self.builder.words_key(key[1], report, self.extra_words), bag)
        self.builder.spill.hold_all(work.parsed.reports)
        self.builder.spill.hold_all(work.words)
        self.done.append((key, work))

    def finish(self, sources: list[SourceFile]) -> tuple[list[ParsedFile], CountedBags, dict[tuple, ReportText]]:
        """Every file's ParsedFile (in the order of `sources`), the words the workers cut, and
        the search texts they took."""
        builder, by_key = self.builder, {self.key(s): s for s in sources}
        # The files not sent while read (known by their records): kept, or parsed now.
        parsed, missing = builder.memo.split("parse", [key for key in by_key if key not in self.sent])
        self.send([(key, by_key[key]) for key in missing])
        for result in parsed.values():
            builder.spill.hold_all(result.reports)
        for keys_sent, batch in self.started:
            for number, work in batch.rest():
                self.take(keys_sent[number], work)
        builder.memo.store_many("parse", {key: work.parsed for key, work in self.done})
        builder.memo.store_many("words", self.words.bags, count=False)
        texts = {builder.content_key(key[1], report): text
                 for key, work in self.done for report, text in zip(work.parsed.reports, work.texts)}
        parsed.update((key, work.parsed) for key, work in self.done)
        words, self.words, self.done, self.started, self.sent = self.words, CountedBags(), [], [], set()  # held no more
        return [parsed[key] for key in by_key], words, texts


class Builder:
    """Builds the site; built again, redoes only the work whose inputs changed.

    When no input changed and the output is as the last build left it, nothing is done. A
    source file is parsed again only when its bytes changed; annotations and the search
    index only when some report changed; a page is rendered again only when the templates,
    site_src, the site's structure or what it shows of a report changed; a report's rows of
    the data files only when it changed. With `in_place`,
    rebuilds after the first write only the files whose bytes changed (the preview server
    serves the folder meanwhile); otherwise every build swaps in a whole new folder. With
    `resident`, the work done stays in memory for the next build of this process (the
    preview); otherwise it is only kept in the build cache on disk.
    """

    def __init__(self, config: SiteConfig, in_place: bool = False, resident: bool = True):
        self.config = config
        self.in_place = in_place
        self.memo = Memo(disk=DiskCache(config.cache_file), resident=resident,
                         persistent={"source", "parse", "words", "marks", "search-group", "search-members", "search-files",
                                     "search-text", "page", "report-json", "section-rows", "feed", "corpus"},
                         bounded={"report-json", "section-rows"})  # the data files' pieces: the corpus's size
        self.spill = SpillStore(self.memo.disk if self.memo.disk.enabled else self.scratch_cache())
        self._env: tuple[str, jinja2.Environment] | None = None
        self._written: dict[str, str] | None = None  # path -> digest, after an in-place write
        self._divisions_digest: str | None = None

    def scratch_cache(self) -> DiskCache:
        """A cache file for this builder's spilled text alone, when there is no build cache:
        beside the output (a temporary folder may be memory), removed with the builder, or
        by the next build when this one is killed (named as a staging tree, remove_retired)."""
        parent = self.config.out_dir.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        folder = tempfile.TemporaryDirectory(prefix=f".{self.config.out_dir.name}-new-{os.getpid()}-spill-", dir=parent)
        disk = DiskCache(Path(folder.name) / "spill.sqlite")
        weakref.finalize(self, disk.close)  # before the folder's own finalizer: registered after it
        self._scratch = folder
        return disk

    @property
    def compiled_templates(self) -> Path | None:
        return self.config.cache_file.parent / "templates" if self.config.cache_file else None

    def environment(self, templates: str) -> jinja2.Environment:
        if self._env is None or self._env[0] != templates:
            self._env = (templates, make_env(self.config.templates_dir, self.compiled_templates))
        return self._env[1]

    def read_sources(self, early: Callable[[list[SourceFile]], None] = lambda sources: None,
                     workers: Workers | None = None) -> tuple[list[SourceFile], list[Diagnostic]]:
        """Every file of the seeds folder, read again only when its size, time of change or
        inode is not what it was when a build read it. A file changed in the last second is
        read whatever its record: a second change within the clock's resolution would keep
        the time of the first (as git does with files changed as it records them).
        `early(sources)` is told of the files read afresh, a few at a time, as they are.
        Files that a library reads (Word, PDF, web pages: a PDF takes a second or more) are
        read by the workers, while this process reads the text files."""
        seeds = self.config.seeds_dir
        paths = {path.relative_to(seeds).as_posix(): path for path in list_input_files(seeds)}
        keys: dict[str, tuple | None] = {}
        now = time.time_ns()
        for name, path in paths.items():
            try:
                stat = path.stat()
            except OSError:
                keys[name] = None  # read_source says what is wrong
                continue
            settled = now - stat.st_mtime_ns > 1_000_000_000
            keys[name] = (name, stat.st_size, stat.st_mtime_ns, stat.st_ino) if settled else None
        known, _ = self.memo.split("source", [key for key in keys.values() if key is not None])
        ahead = [(path, name) for name, path in paths.items()
                 if read_by_library(path) and (keys[name] is None or keys[name] not in known)]
        in_workers = workers is not None and workers.jobs > 1 and len(ahead) > 1
        batch = workers.start(read_source_job, ahead, "reading", chunk=1) if in_workers else None
        read_ahead = {name for _, name in ahead} if in_workers else set()
        sources, problems, fresh, unheld, read = [], [], {}, [], []
        for name, path in paths.items():
            result = known.get(keys[name]) if keys[name] is not None else None
            if result is None:  # the workers' results come in the order of the files
                result = batch.first()[0][1] if name in read_ahead else read_source(path, name)
                if keys[name] is not None and isinstance(result, SourceFile):
                    fresh[keys[name]] = result
                if isinstance(result, SourceFile):
                    read.append(result)
            (problems if isinstance(result, Diagnostic) else sources).append(result)
            if isinstance(result, SourceFile):
                problems.extend(Diagnostic(name, warning) for warning in result.warnings)
                unheld.append(result)
            if len(unheld) == SOURCES_HELD_AT_ONCE:  # their lines out of memory, a few files at a time
                self.spill.hold_all(unheld)
                early(read)
                unheld, read = [], []
        self.spill.hold_all(unheld)
        early(read)
        if batch is not None:
            batch.settled()  # every result taken: its progress bar closes
        self.memo.store_many("source", fresh, count=False)  # after: each entry names its lines spilled
        return sources, problems

    def content_key(self, file_digest: str, report: Report) -> tuple:
        """What a report's text is made from: its file's bytes, its lines, the gazetteer."""
        return file_digest, report.source_lines, self.divisions_digest

    def words_key(self, file_digest: str, report: Report, extra_words: tuple[str, ...]) -> tuple:
        return self.content_key(file_digest, report), fingerprint(extra_words)

    def word_counts(self, reports: list[Report], digests: dict[str, str], extra_words: tuple[str, ...],
                    parsed: CountedBags) -> tuple[WordCounts, dict[str, tuple]]:
        """Every report's words, from the parse (`parsed`, or the cache; cut here if the cache
        lost them), with document frequencies patched from the last build's, and the key of
        each report's words."""
        keys = {r.id: self.words_key(digests[r.source_file], r, extra_words) for r in reports}
        report_of = {keys[r.id]: r for r in reports}

        def cut(missing: list[tuple]) -> dict[tuple, WordBag]:
            bags = {key: parsed.bags.get(key) or WordBag.of(report_words(report_of[key], extra_words)) for key in missing}
            self.spill.hold_all(bags.values())
            return bags

        def bags_before(gone: list[tuple]) -> dict[tuple, WordBag]:
            found = self.memo.split("words", gone)[0]
            self.spill.hold_all(found.values())
            return found

        # The parse's own are not read back from the cache it just stored them in.
        bags = {key: parsed.bags[key] for key in keys.values() if key in parsed.bags}
        self.memo.keep("words", bags)
        bags.update(self.memo.get_many("words", [key for key in keys.values() if key not in bags], cut))
        self.spill.hold_all(bags.values())
        counts = WordCounts.patched({r.id: bags[keys[r.id]] for r in reports}, keys, excluded_words(self.gazetteer),
                                    self.memo.lookup("corpus", ("keywords",)), bags_before, parsed)
        return counts, keys

    @functools.cached_property
    def gazetteer(self) -> Gazetteer:
        """The divisions, as an earlier build of the same code built them from the same file:
        unpickled in a fraction of the time the file's JSON takes to read and index."""
        divisions = self.config.divisions_file
        if not divisions.exists():
            return gazetteer_module.load(divisions)  # which says what is missing and how to get it
        return self.kept("gazetteer", lambda _: gazetteer_module.load(divisions), self.divisions_digest)

    @property
    def divisions_digest(self) -> str:
        if self._divisions_digest is None:
            self._divisions_digest = fingerprint(self.config.divisions_file.read_bytes())
        return self._divisions_digest

    def build(self) -> BuildResult:
        workers = Workers(self.config.jobs)
        try:
            return self._build(workers)
        finally:
            workers.close()

    def _build(self, workers: Workers) -> BuildResult:
        started = time.perf_counter()
        config = self.config
        workers.prepare()  # unless nothing changed, the workers are needed: their server starts loading now
        remove_retired(config.out_dir, remove_in_background)  # what builds killed or cut short left beside it
        parsing = ParseRun(self, workers, glossary_words(self.glossary()[0]))
        sources, diagnostics = self.read_sources(parsing.start, workers)
        inputs = Inputs(tree_fingerprint(config.templates_dir), tree_fingerprint(config.site_src),
                        fingerprint(tree_fingerprint(config.static_dir), config.lunr_js.read_bytes()))
        made_from = inputs.fingerprint(sources, self.divisions_digest, str(config.base_url))
        previous, whole, previous_stats = self.previous_output()
        record = self.memo.disk.get("output", "record")
        if isinstance(record, OutputRecord) and record.inputs == made_from and whole:
            return BuildResult([], record.diagnostics, len(previous), time.perf_counter() - started,
                               documents=record.documents, news=record.news, up_to_date=True)
        out = self.config.out_dir
        in_place = self._written is not None and out.is_dir()
        spare = None
        if in_place:
            tree = InPlaceTree(out, previous)
        else:
            # A spare tree for the next build to stage in: the output swapped out when it is whole
            # (every file recorded, nothing else), its manifest then saying all it holds.
            spare = self.spare_tree()
            tree = StagedTree(out, previous, remove_in_background, spare, self.memo.disk.enabled, whole)
        try:
            with tree:
                corpus = self.read(parsing, sources, diagnostics)
                heap.release()
                search = self.plan_search(corpus)
                if search.work.in_part:  # an edit: its few shards are built while the marks are made
                    search.start(workers)
                pages = self.page_run(corpus, inputs, search, previous, tree.add)
                # Each report's page is rendered here as soon as its marks are in, while the
                # workers mark the next ones.
                self.annotate(corpus, workers, pages)
                heap.release()
                if search.batch is None:  # the whole index: its workers start once the marks are done
                    search.start(workers)
                self.make_site(corpus, pages, search, previous, tree.add)
                changed = tree.finish()
        except BaseException:
            if in_place:  # the folder holds the files this build wrote, and the rest as before
                self._written = {**previous, **tree.manifest}
            raise
        reports = corpus.site.reports
        news = sum(1 for r in reports if not r.meta.is_report)
        known: dict[str, tuple[str, int, int]] = {}  # the files not written: as recorded
        if isinstance(tree, StagedTree):
            reused_from = {"linked": previous_stats, "held": spare.stats if spare else {}}
            known = {rel: reused_from[how][rel] for rel, how in tree.reused.items()}
        self.record_output(tree.manifest, OutputRecord(made_from, len(reports), news, corpus.diagnostics), known,
                           tree.spare_holds if isinstance(tree, StagedTree) else None, previous_stats)
        self._written = tree.manifest if self.in_place else None
        return BuildResult(reports, corpus.diagnostics, len(tree.manifest), time.perf_counter() - started,
                           corpus.removed, changed, self.sweep(), len(reports), news)

    def sweep(self) -> dict[str, int]:
        """Forget what this build did not use; what it computed, by kind."""
        computed = dict(self.memo.sweep())
        if self.spill.disk is not self.memo.disk:
            self.spill.disk.sweep()
        return computed

    def read(self, parsing: ParseRun, sources: list[SourceFile], diagnostics: list[Diagnostic]) -> Corpus:
        """Parse (the files read afresh: started as they were read) and link every source
        file (annotate() adds the annotations)."""
        glossary, glossary_problems = self.glossary()
        files_parsed, words, texts = parsing.finish(sources)
        reports, duplicates = drop_duplicates([r for f in files_parsed for r in f.reports])
        self.spill.hold_all(r for r in reports if r.also_found)  # made anew by dedupe, text and all
        diagnostics.extend(p for f in files_parsed for p in f.problems)
        diagnostics.extend(glossary_problems)
        site = self.link(reports)
        digests = {s.name: s.sha256 for s in sources}
        # What a report's page and rows show: its text, and where else it was found.
        content = {r.id: self.content_key(digests[r.source_file], r) + ((r.also_found,) if r.also_found else ())
                   for r in reports}
        return Corpus(sources, site, Annotations(), glossary, content, [r for f in files_parsed for r in f.removed],
                      diagnostics, duplicates, {s.name: f.characters for s, f in zip(sources, files_parsed)}, words,
                      texts)

    def annotate(self, corpus: Corpus, workers: Workers, pages: PageRun) -> None:
        """Keywords and marks of every report, into corpus.notes; each report's page as soon
        as its marks are in."""
        digests = {s.name: s.sha256 for s in corpus.sources}
        reports = corpus.site.reports
        word_counts, word_keys = self.word_counts(reports, digests, glossary_words(corpus.glossary), corpus.words)
        corpus.words = CountedBags()
        corpus.notes = annotate_site(corpus.site, corpus.glossary, self.gazetteer, word_counts,
                                     functools.partial(self.mark_all, corpus.content, workers, pages),
                                     self.memo.lookup("corpus", ("keywords",)), word_keys, pages.report_page)
        self.memo.count("keywords", corpus.notes.keyword_state.computed)
        self.memo.store_many("corpus", {("keywords",): corpus.notes.keyword_state}, count=False)

    def plan_search(self, corpus: Corpus) -> SearchRun:
        """The search index's plan, with the groups the cache holds already."""
        search = plan_search(corpus.site, self.config.base_url, self.search_texts(corpus),
                             self.kept("block-folding", block_folding))
        corpus.texts = {}
        cached, missing = self.memo.split("search-group", search.group_keys)
        indexes = {key: self.kept_index(index) for key, index in cached.items()}
        numbers = [(search.layout.buckets, number) for number in range(len(search.group_keys))]
        records = {number: record for (_, number), record in self.memo.split("search-members", numbers)[0].items()}
        partial = self.partial_groups(search, missing, records)
        return SearchRun(search, self.memo, self.spill, ShardWork(search, missing, self.config.jobs, partial),
                         indexes, records)

    def kept_index(self, index: GroupIndex) -> GroupIndex:
        """A group's index of an earlier build, its pieces kept through this build's sweep."""
        return GroupIndex(tuple(self.spill.keep(chunk) if chunk is not None else None for chunk in index.chunks))

    def page_run(self, corpus: Corpus, inputs: Inputs, search: SearchRun, previous: Manifest,
                 emit: Callable[[str, str | bytes | Kept | Streamed], None]) -> PageRun:
        """The pages of this build, every asset emitted (the search index's manifest but: the
        workers build the index meanwhile, search.start)."""
        config, site, base = self.config, corpus.site, self.config.base_url
        assets, files = fingerprint_assets(self.asset_sources(search.plan.fold), base)
        for path, data in files.items():
            emit(path, data)
        release_now_and_then = heap.Every(PAGES_BETWEEN_RELEASES)
        paths: list[str] = []

        def emit_page(path: str, content: str | bytes | Kept | Streamed) -> None:
            paths.append(path)
            if isinstance(content, Streamed):
                content = Streamed(interleaved(content.pieces, search.take_ready, PIECES_BETWEEN_TAKES))
            emit(path, content)
            search.take_ready()
            release_now_and_then()

        self.memo.preload("page")  # every page's digest is asked for, one page at a time
        # What each report's page shows is known as its marks come in (PageRun.report_page).
        keys = PageKeys(self.memo, fingerprint(inputs.templates, inputs.site_src, structure_fingerprint(site)),
                        {}, previous, {r.id: fingerprint(r.meta, r.targets, r.outcomes, r.targets_not_set) for r in site.reports})
        renderer = SiteRenderer(site, corpus.glossary, self.environment(inputs.templates), config.site_src, base,
                                assets, emit_page, keys, corpus.diagnostics.append)
        return PageRun(renderer, keys, corpus.content, paths, assets)

    def make_site(self, corpus: Corpus, pages: PageRun, search: SearchRun, previous: Manifest,
                  emit: Callable[[str, str | bytes | Kept | Streamed], None]) -> None:
        """emit(path, content) every file of the site the report pages and the assets did not
        (page_run): the search index, built by the workers (search.start) while this process
        renders the other pages, and its manifest; the host's files and the build's report."""
        site, base = corpus.site, self.config.base_url

        def search_page_assets() -> Assets:
            pages.assets = pages.assets.with_paths(search.finish(base, previous, emit).paths)
            return pages.assets

        for _ in pages.structure:  # those the report pages left
            pass
        pages.renderer.rest(corpus.notes, search_page_assets)
        # The feed shows the newest reports' metadata and headings: kept while those are the same.
        feed_key = fingerprint(str(base), [(r.id, corpus.content[r.id], r.meta) for r in feed_reports(site)])
        feed = self.memo.get(("feed", feed_key), lambda: atom_feed(site, base))
        for path, text in host_files(site, pages.paths, base, feed).items():
            emit(path, text)
        emit("data/assets.json", to_json({name: path.lstrip("/") for name, path in pages.assets.paths.items()}) + "\n")
        emit("data/build-report.json", to_json(build_report(corpus, site.reports)) + "\n")

    def search_texts(self, corpus: Corpus) -> Callable[[Report], ReportText]:
        """text_of(report) for plan_search: a report's ReportText as the last build made it
        when its content is the same (its text is not read again), else as the parse took it."""
        keys = {r.id: (r.id, corpus.content[r.id]) for r in corpus.site.reports}
        known, _ = self.memo.split("search-text", keys.values())
        digests = {s.name: s.sha256 for s in corpus.sources}

        def text_of(report: Report) -> ReportText:
            text = known.get(keys[report.id])
            if text is None:
                text = corpus.texts.get(self.content_key(digests[report.source_file], report)) or report_text(report)
                self.memo.store_many("search-text", {keys[report.id]: text})
            return text
        return text_of

    def partial_groups(self, search: SearchPlan, missing: list[tuple],
                       records: dict[int, GroupRecord]) -> dict[tuple, PartialGroup]:
        """Of the groups to build, those that can be built in part from their last index."""
        partial = {}
        for key in missing:
            number = search.group_keys.index(key)
            if number in records:
                found = partial_group(search, number, records[number])
                if found is not None:
                    partial[key] = PartialGroup(found.only, self.kept_index(found.last))
        return partial

    def kept(self, name: str, compute: Callable[..., T], *inputs) -> T:
        """compute(*inputs), kept from earlier builds of the same code (and inputs): what any
        build needs, whatever the corpus."""
        key = (name, fingerprint(*inputs))
        found = self.memo.lookup("corpus", key)
        if found is None:
            found = compute(*inputs)
            self.memo.store_many("corpus", {key: found}, count=False)
        return found

    def glossary(self) -> tuple[Glossary, list[Diagnostic]]:
        """The glossary and its problems, read again only when the file changed."""
        path = self.config.site_src / "glossary.toml"
        return self.kept("glossary", lambda _: load_glossary(path), path.read_bytes() if path.exists() else None)

    def link(self, reports: list[Report]) -> Site:
        """Ids and links, with the region slugs earlier builds computed from the same gazetteer."""
        key = ("slugs", self.divisions_digest)
        slugs = RegionSlugs(self.gazetteer, dict(self.memo.lookup("corpus", key) or {}))
        known = len(slugs.known)
        assign_ids(reports, slugs)
        site = link(reports, slugs)
        if len(slugs.known) > known:
            self.memo.store_many("corpus", {key: slugs.known}, count=False)
        return site

    def mark_all(self, content: dict[str, tuple], workers: Workers, pages: PageRun, marker: Marker,
                 jobs: list[tuple[Report, tuple[str, ...]]]) -> Iterator[ReportMarks]:
        """Each report's marks, in the order of the jobs, as each is ready: kept from before
        when its content, its keywords, the glossary and the regions with pages are the same,
        else marked by the workers, which render the report's page too (pages.made)."""
        keys = [(content[report.id], keywords, marker.fingerprint) for report, keywords in jobs]
        job_of = dict(zip(keys, jobs))
        found, missing = self.memo.split("marks", keys)
        if workers.jobs >= 2 and len(missing) * WORKER_PAGES_SHARE >= len(keys):
            pages.making = PageMaking(self.spill.put_all([pages.renderer.site])[0], pages.renderer.glossary,
                                      self.config.templates_dir, self.compiled_templates, self.config.site_src,
                                      self.config.base_url, pages.assets)
        work = MarkAndRender(marker, pages.making) if pages.making else marker
        batch = workers.start(work, [job_of[key] for key in missing], "marks")
        computed: dict[tuple, ReportMarks] = {}

        def take(done: list[tuple[int, ReportMarks | tuple[ReportMarks, bytes | Diagnostic]]]) -> None:
            # Spilled as they come, not as the caller asks for them: a national corpus's marks
            # would not fit beside the rest (20,000 reports: a gigabyte).
            for number, result in done:
                report_marks, page = result if pages.making else (result, None)
                self.spill.hold(report_marks)
                computed[missing[number]] = report_marks
                if page is not None:
                    pages.made[job_of[missing[number]][0].id] = page

        for key in keys:
            take(batch.ready())
            while key not in found and key not in computed:
                take(batch.first())
            if key in found:  # from the cache: its fields kept through this build's sweep
                self.spill.hold(found[key])
            yield found[key] if key in found else computed[key]
        take(list(batch.rest()))
        self.memo.store_many("marks", computed)

    def asset_sources(self, search_fold: str) -> dict[str, bytes]:
        """Everything in static/, lunr.js and the search folding table, by plain name."""
        sources = {p.name: p.read_bytes() for p in sorted(self.config.static_dir.iterdir())
                   if p.is_file() and not p.name.startswith(".")}
        sources[self.config.lunr_js.name] = self.config.lunr_js.read_bytes()
        sources["search-fold.json"] = search_fold.encode("utf-8")
        return sources

    def previous_output(self) -> tuple[Manifest, bool, dict[str, tuple[str, int, int]]]:
        """What the output folder holds now, as far as it can be trusted: what this process
        wrote in place, else the manifest the last build recorded, less every file whose size
        or time of change is no longer what that build left; whether the folder is whole,
        every file that build wrote as it wrote it, and nothing else; and the trusted files'
        records (digest, size, time of change)."""
        out = self.config.out_dir
        if self._written is not None:
            return self._written, bool(self._written) and self.files_in(out) == len(self._written), {}
        recorded = self.memo.disk.get("output", "manifest") or {}
        trusted = verified(out, recorded)
        whole = bool(recorded) and len(trusted) == len(recorded) == self.files_in(out)
        return {rel: digest for rel, (digest, _, _) in trusted.items()}, whole, trusted

    def spare_tree(self) -> Spare | None:
        """The tree the last build swapped out, when it is as that build left it; any other
        is removed. Its record is dropped before it is used: a build that stops halfway
        leaves a spare that the next build removes."""
        path = spare_path(self.config.out_dir)
        if not path.is_dir() or path.is_symlink():
            if path.is_symlink() or path.exists():  # not made by a build: out of the next spare's way
                path.unlink()
            return None
        recorded = self.memo.disk.get("output", "spare") or {}
        self.memo.disk.put_many("output", {"spare": {}})
        trusted = verified(path, recorded)
        if recorded and len(trusted) == len(recorded) == self.files_in(path):
            return Spare(path, trusted)
        remove_in_background(retire(path, self.config.out_dir))
        return None

    @staticmethod
    def files_in(folder: Path) -> int:
        return sum(len(files) for _, _, files in os.walk(folder))

    def record_output(self, manifest: Manifest, record: OutputRecord, known: dict[str, tuple[str, int, int]],
                      spare: str | None, previous: dict[str, tuple[str, int, int]]) -> None:
        """Keep the manifest with each file's size and time of change (`known` for the files
        this build did not write: the same files), and what the output was made from, for
        the next run; and that of the spare tree, which holds the `previous` output or the
        `new` one."""
        out, stats = str(self.config.out_dir), {}
        for rel, digest in manifest.items():
            if rel in known:
                stats[rel] = known[rel]
            else:
                stat = os.stat(os.path.join(out, rel))
                stats[rel] = (digest, stat.st_size, stat.st_mtime_ns)
        records = {"manifest": stats, "record": record}
        if spare == "previous":
            records["spare"] = previous
        elif spare == "new":
            records["spare"] = stats
        self.memo.disk.put_many("output", records)


def verified(folder: Path, recorded: dict[str, tuple[str, int, int]]) -> dict[str, tuple[str, int, int]]:
    """Of the files recorded (path -> digest, size, time of change), those whose size and
    time of change are still as recorded."""
    trusted = {}
    for rel, entry in recorded.items():
        try:
            stat = os.stat(os.path.join(folder, rel))
        except OSError:
            continue
        if (stat.st_size, stat.st_mtime_ns) == entry[1:]:
            trusted[rel] = entry
    return trusted


def build(config: SiteConfig) -> BuildResult:
    """One full build, written atomically: what `python build.py` does."""
    return Builder(config, resident=False).build()
