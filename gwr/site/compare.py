"""One region's reports side by side: their outlines aligned part by part, the words new in the
later one, and how the use of words moved between them.

Parts are matched by their headings' words, in order (an alignment, as a diff aligns lines): a
part of the later report whose heading shares enough of its words with one of the earlier is
"the same part"; between two such parts, those left unmatched stand side by side in order
(rewritten), and what one year has more was added, or dropped. Headings are compared without
their numbering (一、, （二）) and years, which change every year whatever a part is about.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from gwr.enrich.keywords import WordCounts
from gwr.lexicon.textnorm import fold
from gwr.model import Outline, Report, Section
from gwr.parse.outline import text_by_section, text_characters

NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十]+[）)、.．]|\d+[.．、]|第[一二三四五六七八九十]+[部分章节条])\s*")
YEARS = re.compile(r"(?:19|20)\d\d年?|[一二三四五六七八九十]+五")
NOT_WORD = re.compile(r"[^\w]")
SAME_PART = 0.3  # the share of heading bigrams two parts must share to be matched


@dataclass(frozen=True)
class AlignedPart:
    """A row of the aligned outlines: a part of the earlier report, of the later, or both."""
    before: Section | None
    after: Section | None
    similarity: float = 0.0
    children: tuple["AlignedPart", ...] = ()

    @property
    def change(self) -> str:
        """same; rewritten (two parts in the same place whose headings share too little);
        added (only in the later report); dropped (only in the earlier)."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "dropped"
        return "same" if self.similarity >= SAME_PART else "rewritten"


def heading_key(heading: str) -> str:
    """A heading without its numbering, its years and its punctuation."""
    return NOT_WORD.sub("", YEARS.sub("", NUMBERING.sub("", fold(heading))))


def bigrams(text: str) -> frozenset[str]:
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set()))


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice's coefficient of two texts' character bigrams (0: nothing shared, 1: the same)."""
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


LEAD = re.compile(r"[,，:：;；。]")


@functools.lru_cache(maxsize=4096)  # a heading is compared with every heading of the other year
def heading_bigrams(heading: str) -> tuple[frozenset[str], frozenset[str]]:
    """The bigrams of a heading's words and of its leading phrase (up to its first comma)."""
    lead = LEAD.split(NUMBERING.sub("", fold(heading)), maxsplit=1)[0]
    return bigrams(heading_key(heading)), bigrams(heading_key(lead))


def similarity(a: str, b: str) -> float:
    """How alike two headings are: their words, or their leading phrases, where a heading names
    its topic (（六）惠民生，公共服务… and （六）狠抓惠民生，人民群众…: the same part reworded)."""
    (words_a, lead_a), (words_b, lead_b) = heading_bigrams(a), heading_bigrams(b)
    return max(dice(words_a, words_b), dice(lead_a, lead_b))


def align(before: list[Section], after: list[Section], depth: int = 2) -> list[AlignedPart]:
    """The parts of two outlines in order, matched where their headings are alike enough (the
    order-keeping matching of the highest total similarity), their children aligned the same
    way down to `depth` levels."""
    before = [s for s in before if not s.is_box]
    after = [s for s in after if not s.is_box]
    n, m = len(before), len(after)
    scores = [[similarity(a.heading, b.heading) for b in after] for a in before]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            matched = best[i + 1][j + 1] + scores[i][j] if scores[i][j] >= SAME_PART else -1.0
            best[i][j] = max(matched, best[i + 1][j], best[i][j + 1])
    rows: list[AlignedPart] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and scores[i][j] >= SAME_PART and best[i][j] == best[i + 1][j + 1] + scores[i][j]:
            kids = tuple(side_by_side(align(before[i].children, after[j].children, depth - 1))) if depth > 1 else ()
            rows.append(AlignedPart(before[i], after[j], scores[i][j], kids))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            rows.append(AlignedPart(before[i], None))
            i += 1
        else:
            rows.append(AlignedPart(None, after[j]))
            j += 1
    return rows


def side_by_side(rows: list[AlignedPart]) -> list[AlignedPart]:
    """Between two matched parts, the parts dropped and the parts added set side by side, in
    order, as a diff shows a changed block: the second part of one year beside the second of
    the other, rewritten; what one side has more stays added or dropped."""
    out: list[AlignedPart] = []
    dropped: list[AlignedPart] = []
    added: list[AlignedPart] = []

    def flush() -> None:
        for k in range(max(len(dropped), len(added))):
            a = dropped[k].before if k < len(dropped) else None
            b = added[k].after if k < len(added) else None
            out.append(AlignedPart(a, b, similarity(a.heading, b.heading) if a and b else 0.0))
        dropped.clear()
        added.clear()

    for row in rows:
        if row.change == "dropped":
            dropped.append(row)
        elif row.change == "added":
            added.append(row)
        else:
            flush()
            out.append(row)
    flush()
    return out


def aligned_outlines(before: Outline, after: Outline) -> list[AlignedPart]:
    return side_by_side(align(before.sections, after.sections))


def new_words(later: dict[str, int], earlier: list[set[str]], limit: int = 24) -> list[tuple[str, int]]:
    """Words of the later report (its counts) that none of the earlier reports uses, most used
    first: what the region began to speak of."""
    used = set().union(*earlier) if earlier else set()
    fresh = [(word, count) for word, count in later.items() if word not in used and count >= 2]
    return sorted(fresh, key=lambda wc: (-wc[1], wc[0]))[:limit]


def per_10k(count: int, characters: int) -> float:
    return count * 10000 / characters if characters else 0.0


@dataclass
class ComparedPair:
    """Two reports of one region and one kind, a year apart or more, the later second."""
    before: Report
    after: Report
    parts: list[AlignedPart]
    new: list[tuple[str, int]]  # words the later report uses and none of the region's earlier
    rose: list[tuple[str, int, int, float, float]]  # word, count before, after, rate before, after (per 10,000 characters)
    fell: list[tuple[str, int, int, float, float]]


@dataclass(frozen=True)
class CountedText:
    """What a compare page counts in one report: its text as search reads it (a traditional one
    folded to simplified), its length (text_characters) and its words (the segmenter's)."""
    text: str
    characters: int
    words: Counter

    @classmethod
    def of(cls, report: Report, words: WordCounts) -> CountedText:
        text = "\n".join(text for _, _, text in text_by_section(report.outline))
        # folding a whole text costs; only a traditional one reads differently once folded
        return cls(fold(text) if report.meta.script == "traditional" else text, text_characters(report.outline),
                   words.counter(report.id))


def compared_pair(words: WordCounts, before: Report, after: Report, used_before: set[str],
                  texts: dict[str, CountedText]) -> ComparedPair:
    """What the compare page shows of two reports (`used_before`: the words of the region's
    reports up to `before`; `texts`: the reports' CountedText by id): the words' moves are
    ranked by the segmenter's counts and shown as the strings' own counts in the texts (as
    search counts them) and per 10,000 characters."""
    a_text, b_text = texts[before.id], texts[after.id]
    rose, fell = words.shifts(a_text.words, b_text.words)

    def counted(rows_: list[tuple]) -> list[tuple]:
        out = []
        for word, *_ in rows_:
            a, b = a_text.text.count(word), b_text.text.count(word)
            out.append((word, a, b, per_10k(a, a_text.characters), per_10k(b, b_text.characters)))
        return out

    fresh = new_words(dict(b_text.words), [used_before])
    return ComparedPair(before, after, aligned_outlines(before.outline, after.outline), fresh, counted(rose), counted(fell))
