"""Stage 9: the search index, built with lunr.py and read by lunr.js in the browser, in shards.

Chinese has no spaces and the browser has no jieba, so both sides cut text the same simple
way (static/search.js mirrors this module, and a test holds them together):

- fold every character alone: NFKC (全角 ６ → 6), traditional → simplified, lower case, so
  that 经济 finds 經濟 and offsets in the folded text are offsets in the original;
- runs of word characters (CJK, Latin letters, digits) give their overlapping bigrams and
  their characters, so any substring of two or more characters is a set of bigrams and a
  single character is a term of its own.

A large corpus cannot be one index that every first search downloads, so the index is cut
twice. Reports fall into groups (by a hash of their id, about GROUP_REPORTS each), so that an
edit rebuilds one group's part; terms fall into buckets (by a hash of the term), so that a
query downloads, for each group, only the buckets of its own terms. Each (group, bucket) is
one lunr index whose documents are the group's reports and whose terms are the bucket's. A
report is a candidate when every term of the query is in it; the browser then loads the text
of the reports it shows and keeps the sections that really contain every word of the query
(or the exact phrase in quotes).
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf
from lunr.vector import Vector

from .assets import fingerprinted_name
from .config import BaseUrl
from .link import Site
from .memo import Memo, fingerprint
from .model import Report
from .outline import text_by_section
from .render import DOC_TYPE_NAMES, to_json
from . import textnorm

WORD_CHARS = "0-9a-z\u00c0-\u024f\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD_RUN = re.compile(f"[{WORD_CHARS}]+")
# The blocks whose folding the browser always gets, whatever the corpus holds: Latin letters,
# punctuation and number forms, CJK ideographs (traditional → simplified), CJK and full-width
# punctuation. A fixed table keeps search-fold.json, and so every page that names it, the same
# when an edit of the corpus brings in a character these blocks already hold.
FOLDED_BLOCKS = ((0x0000, 0x024F), (0x2000, 0x218F), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                 (0xF900, 0xFAFF), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF))
FIELD = "t"  # one field, heading and text: every other field would repeat per term in the index
GROUP_REPORTS = 64
BUCKET_CHARS = 40_000  # of corpus text per bucket; a bucket of one group is then a few KiB
MAX_BUCKETS = 4096
SEARCH_DIR = "static/search"


@functools.lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """textnorm.fold_char, lower-cased: what static/search.js computes too."""
    return textnorm.fold_char(ch).lower()


FOLD_TABLE = textnorm.CharTable(fold_char)


def fold(text: str) -> str:
    """Same length as text, character for character."""
    return text.translate(FOLD_TABLE)


def tokens(text: str) -> list[str]:
    """The bigrams of each run of word characters, then its characters."""
    found = []
    for run in WORD_RUN.findall(fold(text)):
        found.extend(run[i:i + 2] for i in range(len(run) - 1))
        found.extend(run)
    return found


def term_bucket(term: str, buckets: int) -> int:
    """FNV-1a over the term's code points: static/search.js computes the same."""
    h = 0x811C9DC5
    for ch in term:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def power_of_two(value: float, low: int, high: int) -> int:
    """The power of two nearest value, within [low, high]: counts that change only when the
    corpus doubles or halves, so that an edit keeps the groups and buckets it had."""
    return min(high, max(low, 2 ** round(math.log2(max(value, 1)))))


def report_group(report_id: str, groups: int) -> int:
    return term_bucket(report_id, groups)


@functools.lru_cache(maxsize=1)
def block_folding() -> dict[str, str]:
    """Every character of FOLDED_BLOCKS that folds to another."""
    mapping = {}
    for low, high in FOLDED_BLOCKS:
        for code in range(low, high + 1):
            ch = chr(code)
            if fold_char(ch) != ch:
                mapping[ch] = fold_char(ch)
    return mapping


def char_map(texts) -> dict[str, str]:
    """The folding the browser uses instead of its own NFKC and lower-case: every character
    of FOLDED_BLOCKS that folds, and any other folded character of the corpus, so that both
    sides fold the corpus identically."""
    mapping = dict(block_folding())
    for ch in sorted(set().union(*texts)):
        if fold_char(ch) != ch:
            mapping[ch] = fold_char(ch)
    return dict(sorted(mapping.items()))


class CountedBuilder(Builder):
    """lunr.py's Builder, fed term counts instead of token lists.

    Builder.add makes a Token object (with a deep copy of its metadata) for every token of a
    document; a report has tens of thousands. This adds the same postings from a Counter: the
    index it builds is the one Builder.add would (a test compares the two).
    """

    def add_counts(self, ref: str, counts: dict[str, int], length: int) -> None:
        self._documents[ref] = {}
        self.document_count += 1
        field_ref = str(FieldRef(ref, FIELD))
        self.field_term_frequencies[field_ref] = counts
        self.field_lengths[field_ref] = length
        for term in counts:
            posting = self.inverted_index.get(term)
            if posting is None:
                posting = self.inverted_index[term] = {FIELD: {}, "_index": self.term_index}
                self.term_index += 1
            posting[FIELD][ref] = {}

    def _create_field_vectors(self) -> None:
        """Builder._create_field_vectors for one field and no boosts, with each vector's
        elements sorted once instead of inserted one at a time (the same vectors)."""
        k1, b = self._k1, self._b
        average = self.average_field_length[FIELD]
        idfs: dict[str, float] = {}
        vectors = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            norm = k1 * (1 - b + b * self.field_lengths[field_ref] / average)
            elements = []
            for term, tf in frequencies.items():
                posting = self.inverted_index[term]
                weight = idfs.get(term)
                if weight is None:
                    weight = idfs[term] = idf(posting, self.document_count)
                elements.append((posting["_index"], round(weight * ((k1 + 1) * tf) / (norm + tf), 3)))
            elements.sort()
            vectors[field_ref] = Vector([x for pair in elements for x in pair])
        self.field_vectors = vectors


def new_builder() -> CountedBuilder:
    builder = CountedBuilder()
    builder.ref("id")
    builder.field(FIELD)
    return builder


@dataclass(frozen=True)
class SearchLayout:
    groups: int
    buckets: int

    @classmethod
    def for_corpus(cls, reports: int, chars: int) -> "SearchLayout":
        return cls(power_of_two(reports / GROUP_REPORTS, 1, 1 << 16), power_of_two(chars / BUCKET_CHARS, 1, MAX_BUCKETS))


def report_sections(report: Report) -> list[list]:
    """[anchor, heading path, text] of every section: what results show and are checked against.
    A preamble has no anchor (""): its results link to the report, which scrolls to the match."""
    return [[anchor, path, text] for anchor, path, text in text_by_section(report.outline)]


def section_text(section: list) -> str:
    """The heading and the text of a section, as static/search.js reads them."""
    return (section[1][-1] if section[1] else "") + "\n" + section[2]


def report_counts(sections: list[list]) -> Counter:
    counts: Counter = Counter()
    for section in sections:
        counts.update(tokens(section_text(section)))
    return counts


def group_shards(group: list[list[list]], buckets: int, part: int = 0, parts: int = 1) -> dict[int, bytes]:
    """The lunr index of each bucket for one group of reports ({bucket: JSON file}); documents are
    the reports' places in the group ("0", "1" …). With `parts`, only the buckets whose
    number is `part` modulo `parts`, so that one group can be built on several cores."""
    builders: dict[int, CountedBuilder] = {}
    bucket_of: dict[str, int] = {}
    for number, sections in enumerate(group):
        counts = report_counts(sections)
        split: dict[int, dict[str, int]] = {}
        for term, n in counts.items():
            bucket = bucket_of.get(term)
            if bucket is None:
                bucket = bucket_of[term] = term_bucket(term, buckets)
            if bucket % parts == part:
                split.setdefault(bucket, {})[term] = n
        for bucket, bucket_counts in split.items():
            builder = builders.setdefault(bucket, new_builder())
            builder.add_counts(str(number), bucket_counts, sum(bucket_counts.values()))
    return {bucket: (to_json(builder.build().serialize()) + "\n").encode("utf-8")
            for bucket, builder in sorted(builders.items())}


def shard_piece(job: tuple[list[list[list]], int, int, int]) -> dict[int, bytes]:
    return group_shards(*job)


def build_search(site: Site, base: BaseUrl, memo: Memo | None = None,
                 run_groups=None, cores: int = 1) -> tuple[dict[str, str], dict[str, bytes]]:
    """The search data: the named assets search-manifest.json (layout, reports, shard and text
    file names) and search-fold.json (the character folding for the browser), and the shard
    and text files, already named by their content ({output path: bytes}).

    `run_groups(function, items)` may map function over the groups in `cores` other processes;
    `memo` keeps each group's shards between builds, under a key of its reports' content."""
    memo = memo or Memo(enabled=False)
    sections_of = [report_sections(r) for r in site.reports]
    layout = SearchLayout.for_corpus(len(site.reports), sum(len(s[2]) for sections in sections_of for s in sections))
    files: dict[str, bytes] = {}
    reports, texts = [], []
    members: list[list[int]] = [[] for _ in range(layout.groups)]
    for number, report in enumerate(site.reports):
        meta, region = report.meta, report.meta.region
        sections = sections_of[number]
        data = (to_json({"sections": sections}) + "\n").encode("utf-8")
        path = f"{SEARCH_DIR}/{fingerprinted_name(report.id + '.json', data)}"
        files[path] = data
        reports.append([report.id, meta.title, region.name if region else "", region.province or "" if region else "",
                        meta.year or 0, meta.doc_type, base.href(report.url), base.href("/" + path)])
        members[report_group(report.id, layout.groups)].append(number)
        texts.append(meta.title)
        texts.extend(section_text(s) for s in sections)
    keys = {g: (layout.buckets, fingerprint([(site.reports[n].id, sections_of[n]) for n in members[g]]))
            for g in range(layout.groups)}
    jobs = {keys[g]: [sections_of[n] for n in members[g]] for g in range(layout.groups)}
    run = run_groups or (lambda function, items: list(map(function, items)))

    def compute(missing: list[tuple]) -> dict[tuple, dict[int, bytes]]:
        # Fewer groups to build than cores (an edit): each group's buckets in `parts` pieces.
        parts = max(1, cores // len(missing))
        pieces = run(shard_piece, [(jobs[key], layout.buckets, part, parts) for key in missing for part in range(parts)])
        built: dict[tuple, dict[int, bytes]] = {key: {} for key in missing}
        for number, piece in enumerate(pieces):
            built[missing[number // parts]].update(piece)
        return {key: dict(sorted(shards.items())) for key, shards in built.items()}

    shards = memo.get_many("search-group", list(jobs), compute)
    groups = []
    for g in range(layout.groups):
        names = {}
        for bucket, data in shards[keys[g]].items():
            name = fingerprinted_name(f"{g}-{bucket}.json", data)
            files[f"{SEARCH_DIR}/{name}"] = data
            names[str(bucket)] = name.split(".")[1]
        groups.append({"reports": members[g], "shards": names})
    manifest = {"buckets": layout.buckets, "shard_path": base.href("/" + SEARCH_DIR + "/"), "groups": groups,
                "reports": reports, "doc_types": DOC_TYPE_NAMES}
    assets = {"search-manifest.json": to_json(manifest) + "\n",
              "search-fold.json": to_json(char_map(texts)) + "\n"}
    return assets, files
