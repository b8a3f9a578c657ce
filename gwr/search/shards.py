"""Stage 9: the search index, built for lunr.js, in shards (how text is cut into terms:
gwr.search.terms; how a group's index is computed and written: gwr.search.pieces).

A large corpus cannot be one index that every first search downloads, so the index is cut
twice. Terms fall into buckets (by a hash of the term): a query downloads only the shards of
its terms' buckets, one file each. Reports fall into groups (by a hash of their id, about
GROUP_REPORTS each), so that building stays bounded (a worker indexes one group at a time)
and an edit rebuilds one group's pieces. A group's index is cut into one piece per bucket
(gwr.search.pieces): a bucket's shard holds each group's piece, which lunr.js loads as an
index of its own. (An index per bucket would make a worker build, for a group of 80 reports
and 8,192 buckets, some 400,000 documents of three terms each; an index per group, documents
of 17,000 terms, slower to sort and as large as the group in memory.) A report is a
candidate when every term of the query is in it; the browser then reads the sections of the reports it shows from
their pages (static/search.js pageSections: the same sections as report_sections) and keeps
those that really contain every word of the query (or the exact phrase in quotes). The pages
are the texts: no second copy of every report is published for search.
"""
from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from gwr.config import BaseUrl
from gwr.digest import digest, fingerprint
from gwr.enrich.link import Site
from gwr.model import PickledLater, Report, Stored
from gwr.parse.outline import text_by_section, text_characters
from gwr.search.pieces import group_pieces, unit_size
from gwr.search.terms import char_map, term_bucket, term_buckets, term_counts, unfolded
from gwr.site.assets import fingerprinted_name
from gwr.site.render import DOC_TYPE_NAMES, LEVEL_NAMES, to_json

GROUP_REPORTS = 64
BUCKET_CHARS = 40_000  # of corpus text per bucket; a bucket of one group is then a few KiB
MAX_BUCKETS = 8192
CHUNK_BUCKETS = 64  # buckets of a group kept (and merged into shards) together
SEARCH_DIR = "static/search"


def power_of_two(value: float, low: int, high: int) -> int:
    """The power of two nearest value, within [low, high]: counts that change only when the
    corpus doubles or halves, so that an edit keeps the groups and buckets it had."""
    return min(high, max(low, 2 ** round(math.log2(max(value, 1)))))


def report_group(report_id: str, groups: int) -> int:
    return term_bucket(report_id, groups)


@dataclass(frozen=True)
class SearchLayout:
    groups: int
    buckets: int

    @classmethod
    def for_corpus(cls, reports: int, chars: int) -> "SearchLayout":
        return cls(power_of_two(reports / GROUP_REPORTS, 1, 1 << 16), power_of_two(chars / BUCKET_CHARS, 1, MAX_BUCKETS))

    @property
    def chunks(self) -> int:
        return -(-self.buckets // CHUNK_BUCKETS)


def chunk_of(bucket: int) -> int:
    return bucket // CHUNK_BUCKETS


def report_sections(report: Report) -> list[list]:
    """[anchor, heading path, text] of every section: what results show and are checked against.
    A preamble has no anchor (""): its results link to the report, which scrolls to the match."""
    return [[anchor, path, text] for anchor, path, text in text_by_section(report.outline)]


def section_text(section: list) -> str:
    """The heading and the text of a section, as static/search.js reads them."""
    return (section[1][-1] if section[1] else "") + "\n" + section[2]


def search_text(sections: list[list]) -> str:
    """What a report's terms are counted in: its sections' headings and texts (static/search.js
    sectionText), one a line; no term spans two."""
    return "\n".join(section_text(section) for section in sections)


@dataclass(frozen=True)
class ShardJob:
    """Some units of one group, for a worker process: the group's reports travel as records
    whose text is read where the job runs (spilled, gwr.build.spill), not as the text itself."""
    reports: tuple[Report, ...]
    buckets: int
    part: int = 0
    parts: int = 1
    only: frozenset[int] | None = None


def shard_piece(job: ShardJob) -> dict[int, bytes]:
    return group_pieces([search_text(report_sections(r)) for r in job.reports], job.buckets, job.part, job.parts,
                        job.only)


def changed_buckets(before: list[list], after: list[list], buckets: int) -> set[int]:
    """The buckets whose pieces change with a report's sections: every bucket of each unit
    holding a term whose count differs between the two versions."""
    (old_keys, old_counts), (new_keys, new_counts) = term_counts(search_text(before)), term_counts(search_text(after))
    counted = np.concatenate([old_keys, new_keys]), np.concatenate([old_counts, new_counts])
    # A term counted the same in both is there twice, with its count: every other once.
    pairs, seen = np.unique(np.stack(counted), axis=1, return_counts=True)
    changed = np.unique(pairs[0][seen == 1])
    size = unit_size(buckets)
    units = set((term_buckets(changed, buckets) // size).tolist())
    return {unit * size + i for unit in units for i in range(size)}


StoreAll = Callable[[list[dict[int, bytes]]], list[Stored]]  # values stored out of memory (spill.SpillStore.put_all)


@dataclass(frozen=True)
class GroupIndex:
    """A group's pieces, kept out of memory: for each chunk of CHUNK_BUCKETS buckets, a stored
    {bucket: piece} (model.Stored, loaded when read), or None when the group has no term there."""
    chunks: tuple[Stored | None, ...]

    @classmethod
    def of(cls, pieces: dict[int, bytes], layout: SearchLayout, store: StoreAll) -> "GroupIndex":
        by_chunk: list[dict[int, bytes]] = [{} for _ in range(layout.chunks)]
        for bucket, piece in sorted(pieces.items()):
            by_chunk[chunk_of(bucket)][bucket] = piece
        stored = iter(store([chunk for chunk in by_chunk if chunk]))
        return cls(tuple(next(stored) if chunk else None for chunk in by_chunk))

    def pieces(self, chunk: int) -> dict[int, bytes]:
        stored = self.chunks[chunk]
        return stored.load() if stored is not None else {}

    def patched(self, only: frozenset[int], built: dict[int, bytes], store: StoreAll) -> "GroupIndex":
        """This index with the buckets `only` built again (`built`): the chunks no bucket of
        `only` falls in are the same stored values."""
        chunks = list(self.chunks)
        touched = {}
        for chunk in sorted({chunk_of(bucket) for bucket in only}):
            pieces = {b: p for b, p in self.pieces(chunk).items() if b not in only}
            pieces.update((b, p) for b, p in built.items() if chunk_of(b) == chunk)
            if pieces:
                touched[chunk] = dict(sorted(pieces.items()))
            else:
                chunks[chunk] = None
        for chunk, stored in zip(touched, store(list(touched.values()))):
            chunks[chunk] = stored
        return GroupIndex(tuple(chunks))


@dataclass(frozen=True)
class Member:
    """A report of a group, as a group's record keeps it."""
    id: str
    text: str  # ReportText.digest
    outline: Stored | None  # where its outline is kept (a spilled record), to compare with its next


@dataclass(frozen=True)
class GroupRecord:
    """What the last build made a group of, kept per group number: when the same reports, in
    the same order, make it again, an edit rebuilds only the units the edited reports' changed
    terms fall in (partial_group)."""
    key: tuple  # the group's key when it was made
    members: tuple[Member, ...]
    index: GroupIndex


@dataclass(frozen=True)
class PartialGroup:
    """A group built again in part: the buckets to build (whole units), and the group as it was."""
    only: frozenset[int]
    last: GroupIndex


def partial_group(plan: SearchPlan, number: int, last: GroupRecord) -> PartialGroup | None:
    """How to build group `number` again from its last index (`last`) when the same reports,
    in the same order, make it, and the edited reports' last outlines can still be read; else
    None (build it whole)."""
    members = plan.group_members(number)
    if [m.id for m in last.members] != [m.id for m in members]:
        return None
    only: set[int] = set()
    for old, new, place in zip(last.members, members, plan.members[number]):
        if old.text == new.text:
            continue
        if old.outline is None:
            return None
        try:
            before = list(text_by_section(old.outline.load()))
        except LookupError:  # no longer kept
            return None
        only |= changed_buckets(before, report_sections(plan.reports[place]), plan.layout.buckets)
    return PartialGroup(frozenset(only), last.index)


def bucket_file(pieces: list[bytes | None]) -> bytes:
    """A bucket's shard, unpacked: each group's piece in group order, 0 for a group without its terms."""
    return b"[" + b",".join(piece if piece is not None else b"0" for piece in pieces) + b"]\n"


def chunk_shards(indexes: list[GroupIndex], chunk: int, only: set[int] | None = None) -> dict[int, bytes]:
    """The shard of each bucket of a chunk that some group has terms in (of those in `only`,
    if given), unpacked: one chunk of every group in memory at a time, whatever the size of
    the index."""
    by_group = [index.pieces(chunk) for index in indexes]
    buckets = sorted({bucket for pieces in by_group for bucket in pieces if only is None or bucket in only})
    return {bucket: bucket_file([pieces.get(bucket) for pieces in by_group]) for bucket in buckets}


@dataclass(frozen=True)
class ShardFile:
    bucket: int
    path: str
    digest: str  # of the file, packed
    source: str  # digest of its bytes unpacked: what the next build compares before packing again

    @property
    def name(self) -> str:
        """The hash in the file's name, as search_manifest takes it."""
        return self.path.rsplit("/", 1)[-1].split(".")[1]


@dataclass(frozen=True)
class ChunkFiles:
    """The shards of a chunk's buckets as a build wrote them, and what they were made from
    (each group's stored pieces there, chunk_sources): the next build keeps them while those
    are the same, and otherwise makes again only the shards of the buckets whose pieces
    changed (changed_buckets), and packs again only those whose bytes changed."""
    sources: tuple[Stored | None, ...]
    files: tuple[ShardFile, ...]

    @classmethod
    def of(cls, sources: tuple[Stored | None, ...], shards: dict[int, bytes],
           reusable: Callable[[ShardFile], bool] = lambda f: False, last: "ChunkFiles | None" = None,
           pack_all: Callable[[list[bytes]], Iterable[bytes]] = lambda all_data: map(packed, all_data),
           only: set[int] | None = None) -> tuple["ChunkFiles", dict[str, bytes]]:
        """The files of a chunk's shards (unpacked, chunk_shards), and the packed bytes of those
        to write: a shard of the same bytes as in `last` whose file is `reusable` is not packed.
        `pack_all` packs many (packed() each: zlib lets threads do it side by side). `only`:
        the buckets `shards` was made for (changed_buckets); the others keep last's files."""
        before = {f.bucket: f for f in last.files} if last else {}
        files: dict[int, ShardFile] = {b: f for b, f in before.items() if b not in only} if only is not None else {}
        to_pack: dict[int, str] = {}  # bucket -> the digest of its shard unpacked
        for bucket, data in shards.items():
            source = digest(data)
            old = before.get(bucket)
            if old is not None and old.source == source and reusable(old):
                files[bucket] = old
            else:
                to_pack[bucket] = source
        fresh = {}
        for bucket, data in zip(to_pack, pack_all([shards[bucket] for bucket in to_pack])):
            path = f"{SEARCH_DIR}/{fingerprinted_name(f'{bucket}.json.gz', data)}"
            files[bucket] = ShardFile(bucket, path, digest(data), to_pack[bucket])
            fresh[path] = data
        return cls(sources, tuple(files[bucket] for bucket in sorted(files))), fresh

    def made_of(self, sources: tuple[Stored | None, ...]) -> bool:
        return source_keys(self.sources) == source_keys(sources)

    def changed_buckets(self, sources: tuple[Stored | None, ...], reusable: Callable[[ShardFile], bool]) -> set[int] | None:
        """The buckets whose shard may differ from these files' now that the chunk is made of
        `sources`: those where a group's piece changed, and those whose file is not
        `reusable`. None (every bucket) when that cannot be told: another number of groups,
        or a group's last pieces no longer kept, or most groups changed (comparing would cost
        more than making every shard). An edit changes a few buckets of a chunk: the others'
        shards are neither made nor hashed again."""
        if len(sources) != len(self.sources):
            return None
        differing = [(old, new) for old, new, old_key, new_key
                     in zip(self.sources, sources, source_keys(self.sources), source_keys(sources)) if old_key != new_key]
        if 2 * len(differing) > len(sources):
            return None
        changed = {file.bucket for file in self.files if not reusable(file)}
        try:
            for old, new in differing:
                before, after = old.load() if old else {}, new.load() if new else {}
                changed.update(b for b in before.keys() | after.keys() if before.get(b) != after.get(b))
        except LookupError:
            return None
        return changed


def chunk_sources(indexes: list[GroupIndex], chunk: int) -> tuple[Stored | None, ...]:
    """What a chunk's shards are made of: each group's stored pieces there."""
    return tuple(index.chunks[chunk] for index in indexes)


def source_keys(sources: Iterable[Stored | None]) -> list[str]:
    return [source.content_key if source is not None else "" for source in sources]


@dataclass(frozen=True)
class ReportText:
    """What the search plan takes of one report's sections (the text its results are checked
    against): their digest, and what the layout and the folding table need of them; small, so
    that a rebuild keeps it rather than the text."""
    digest: str  # of the sections, as JSON
    chars: int  # characters of its sections' text
    unfolded: str  # the characters of its title and sections outside FOLDED_BLOCKS, once each, sorted


def packed(data: bytes) -> bytes:
    """A search file as it is kept on disk: gzipped (the same bytes every time), as a host
    would send it anyway; static/search-page.js unpacks it."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def report_text(report: Report) -> ReportText:
    sections = report_sections(report)
    return ReportText(fingerprint(sections), text_characters(report.outline),
                      unfolded([report.meta.title] + [section_text(s) for s in sections]))


@dataclass
class SearchPlan:
    """What the search data is made of, known before any shard is built: the layout, the
    reports of each group and the key of its content, the folding table."""
    layout: SearchLayout
    reports: list[Report]  # those of the site, in order
    members: list[list[int]]  # each group's reports, by their place in the site
    group_keys: list[tuple]  # each group's key in the build cache: (buckets, fingerprint of its reports)
    rows: list[list]  # each report's row in the manifest: id, title, region number, year, type, characters
    regions: list[list[str]]  # [name, province, level] of each region rows name
    fold: str  # search-fold.json
    texts: list[ReportText]  # of each report

    def group_reports(self, key: tuple) -> tuple[Report, ...]:
        """The reports of a group: what its shards are built from."""
        return tuple(self.reports[n] for n in self.members[self.group_keys.index(key)])

    def group_members(self, number: int) -> tuple[Member, ...]:
        return tuple(Member(self.reports[n].id, self.texts[n].digest, PickledLater.stored(self.reports[n], "outline"))
                     for n in self.members[number])


def plan_search(site: Site, base: BaseUrl, text_of: Callable[[Report], ReportText],
                blocks: dict[str, str] | None = None) -> SearchPlan:
    """The plan; text_of(report) gives each report's ReportText (report_text, or as an earlier
    build made it); `blocks` is block_folding(), when known."""
    texts = [text_of(r) for r in site.reports]
    layout = SearchLayout.for_corpus(len(site.reports), sum(t.chars for t in texts))
    rows = []
    regions: dict[tuple[str, str, str], int] = {}  # (name, province, level) -> its number in the manifest
    members: list[list[int]] = [[] for _ in range(layout.groups)]
    for number, (report, text) in enumerate(zip(site.reports, texts)):
        meta, region = report.meta, report.meta.region
        place = regions.setdefault((region.name, region.province or "", region.level), len(regions)) if region else -1
        # characters: what the trends page divides a phrase's count by (per 10,000 characters)
        rows.append([report.id, meta.title, place, meta.year or 0, meta.doc_type, text.chars])
        members[report_group(report.id, layout.groups)].append(number)
    # A group's shards are made of its reports' sections.
    keys = [(layout.buckets, fingerprint([(site.reports[n].id, texts[n].digest) for n in group])) for group in members]
    return SearchPlan(layout, site.reports, members, keys, rows, [list(place) for place in regions],
                      to_json(char_map((t.unfolded for t in texts), blocks)) + "\n", texts)


class ShardWork:
    """The groups whose pieces must be built, as jobs for other processes. A group built
    whole, when fewer of them than cores (an edit), is cut into jobs by unit, one a core; a
    group built in part (`partial`) is one job, or none when no bucket of it changed
    (`complete_now`)."""

    def __init__(self, plan: SearchPlan, missing: list[tuple], cores: int,
                 partial: dict[tuple, PartialGroup] | None = None):
        self.partial = partial or {}
        self.cores = cores
        whole = [key for key in missing if key not in self.partial]
        parts = max(1, cores // len(whole)) if whole else 1
        self.jobs: list[ShardJob] = []
        self._key_of: list[tuple] = []  # job number -> group key
        self._parts: dict[tuple, int] = {}
        self.complete_now = [key for key in missing if key in self.partial and not self.partial[key].only]
        for key in missing:
            if key in self.complete_now:
                continue
            only = self.partial[key].only if key in self.partial else None
            self._parts[key] = 1 if only is not None else parts
            reports = plan.group_reports(key)
            for part in range(self._parts[key]):
                self.jobs.append(ShardJob(reports, plan.layout.buckets, part, self._parts[key], only))
                self._key_of.append(key)
        self._received: dict[tuple, list] = {}  # key -> [parts received, pieces so far]

    @property
    def in_part(self) -> bool:
        """Whether every group to build is built in part: the little work an edit makes."""
        return all(key in self.partial for key in self._parts)

    def take(self, number: int, piece: dict[int, bytes]) -> tuple[tuple, dict[int, bytes]] | None:
        """Job `number`'s result; a group's (key, {bucket: piece built}) once all its parts came."""
        key = self._key_of[number]
        received = self._received.setdefault(key, [0, {}])
        received[0] += 1
        received[1].update(piece)
        if received[0] < self._parts[key]:
            return None
        del self._received[key]
        return key, received[1]

    def group_index(self, key: tuple, built: dict[int, bytes], layout: SearchLayout,
                    store: StoreAll) -> GroupIndex:
        """A group's index, given the pieces its jobs built."""
        if key in self.partial:
            return self.partial[key].last.patched(self.partial[key].only, built, store)
        return GroupIndex.of(built, layout, store)


def search_manifest(plan: SearchPlan, names: dict[int, str], base: BaseUrl) -> str:
    """search-manifest.json: layout, reports, the reports of each group and the hash in the
    name of each bucket's shard."""
    manifest = {"buckets": plan.layout.buckets, "shard_path": base.href("/" + SEARCH_DIR + "/"),
                "report_path": base.href("/reports/"), "shards": {str(bucket): name for bucket, name in sorted(names.items())},
                "groups": plan.members, "regions": plan.regions, "reports": plan.rows, "doc_types": DOC_TYPE_NAMES,
                "levels": LEVEL_NAMES}
    return to_json(manifest) + "\n"
