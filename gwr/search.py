"""Stage 9: the search index, built with lunr.py and read by lunr.js in the browser.

Chinese has no spaces and the browser has no jieba, so both sides cut text the same simple
way (static/search.js mirrors this module, and a test holds them together):

- fold every character alone: NFKC (全角 ６ → 6), traditional → simplified, lower case, so
  that 经济 finds 經濟 and offsets in the folded text are offsets in the original;
- runs of word characters (CJK, Latin letters, digits) give their overlapping bigrams and
  their last character, so any substring of two or more characters is a set of bigrams,
  and a single character is found as a prefix (税*) of a bigram or as a run's last character.

lunr only proposes candidates; the browser keeps a section only when its stored text
really contains every word of the query (or the exact phrase in quotes).
"""
from __future__ import annotations

import functools
import re

from lunr.builder import Builder

from .config import BaseUrl
from .link import Site
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
FIELDS = (("heading", 3), ("text", 1), ("region", 1), ("year", 1), ("type", 1))


@functools.lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """textnorm.fold_char, lower-cased: what static/search.js computes too."""
    return textnorm.fold_char(ch).lower()


def fold(text: str) -> str:
    """Same length as text, character for character."""
    return "".join(fold_char(c) for c in text)


def tokens(text: str) -> list[str]:
    found = []
    for run in WORD_RUN.findall(fold(text)):
        found.extend(run[i:i + 2] for i in range(len(run) - 1))
        found.append(run[-1])
    return found


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
    for ch in sorted({c for text in texts for c in text}):
        if fold_char(ch) != ch:
            mapping[ch] = fold_char(ch)
    return dict(sorted(mapping.items()))


def build_search(site: Site, base: BaseUrl) -> dict[str, str]:
    """The search data, by asset name: search-index.json (lunr), search-store.json (what
    results show and are checked against, with the address of each report) and
    search-fold.json (the character folding for the browser)."""
    builder = Builder()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    reports, sections, texts = [], [], []
    for number, report in enumerate(site.reports):
        meta = report.meta
        region = meta.region
        reports.append([report.id, meta.title, region.name if region else "", region.province or "" if region else "",
                        meta.year or 0, meta.doc_type, base.href(report.url)])
        region_words = f"{region.name} {region.province or ''}" if region else ""
        # A preamble has no anchor (""): its results link to the report, which scrolls to the match.
        for anchor, path, text in text_by_section(report.outline):
            ref = str(len(sections))
            heading = path[-1] if path else ""
            builder.add({"id": ref, "heading": tokens(heading), "text": tokens(text),
                         "region": tokens(region_words), "year": [str(meta.year)] if meta.year else [],
                         "type": tokens(DOC_TYPE_NAMES[meta.doc_type])})
            sections.append([number, anchor, path, text])
            texts.append(heading + text)
    index = builder.build().serialize()
    return {
        "search-index.json": to_json(index) + "\n",
        "search-store.json": to_json({"reports": reports, "sections": sections,
                                      "doc_types": DOC_TYPE_NAMES}) + "\n",
        "search-fold.json": to_json(char_map(texts + [r[1] for r in reports])) + "\n",
    }
