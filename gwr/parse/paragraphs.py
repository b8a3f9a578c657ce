"""Paragraphs of run-on text: where a report printed on one line had its paragraph breaks.

A report scraped onto one line keeps its headings (the outline finds them) but loses the
breaks between the paragraphs under them, so a whole section reads as one paragraph and
"第1段" cites a section. The breaks are put back where official texts have them:

* before a sentence that opens an enumeration or a new point: ``一是`` / ``二是``, ``第一，``,
  ``首先，`` … ``最后，``, ``此外，``, ``同时，``, ``与此同时，``, and before a ``——`` bullet;
* and, once a paragraph is long (RUN_ON_TARGET characters), at the next sentence end, so that
  no paragraph runs on for a page.

Breaks fall only at sentence ends (。！？, with a closing quotation mark or bracket after it),
never inside a quotation, and a piece shorter than SHORTEST stays with the one before it.
"""
from __future__ import annotations

import re

from gwr.model import Paragraph, Section

RUN_ON_TARGET = 260  # characters: about the median paragraph of line-broken reports (190) and more
SHORTEST = 40
SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*|[^。！？]+$")
NEW_POINT = re.compile(r"^(?:[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}[，,、]|——|"
                       r"(?:首先|其次|再次|最后|此外|另外|同时|与此同时|总之|总的来看)[，,])")


def sentences(text: str) -> list[str]:
    """The text cut after each sentence end that is not inside a quotation."""
    pieces: list[str] = []
    for match in SENTENCE.finditer(text):
        piece = match.group(0)
        if pieces and pieces[-1].count("“") > pieces[-1].count("”"):
            pieces[-1] += piece  # still inside the quotation
        else:
            pieces.append(piece)
    return [p for p in pieces if p]


def break_run_on(paragraph: Paragraph) -> list[Paragraph]:
    """One run-on paragraph as the paragraphs it was printed as (see the module's docstring)."""
    if len(paragraph.text) <= RUN_ON_TARGET or paragraph.kind == "opening":
        return [paragraph]
    groups: list[str] = []
    for sentence in sentences(paragraph.text):
        starts = bool(groups) and (NEW_POINT.match(sentence) or len(groups[-1]) >= RUN_ON_TARGET)
        if starts and len(groups[-1]) >= SHORTEST:
            groups.append(sentence)
        elif groups:
            groups[-1] += sentence
        else:
            groups.append(sentence)
    if len(groups) > 1 and len(groups[-1]) < SHORTEST:
        tail = groups.pop()
        groups[-1] += tail
    return [Paragraph(g, paragraph.first_line, paragraph.last_line,
                      kind="li" if g.startswith("——") else paragraph.kind if i == 0 else "p")
            for i, g in enumerate(groups)]


def break_paragraphs(paragraphs: list[Paragraph], run_on_lines: set[int],
                     children: list[Section]) -> list[Paragraph]:
    """A section's paragraphs with those of run-on lines broken where they were printed; the
    boxes among its children keep their place among them."""
    out: list[Paragraph] = []
    placed_after: list[int] = []  # how many paragraphs out holds after each old one
    for paragraph in paragraphs:
        out.extend(break_run_on(paragraph) if paragraph.first_line in run_on_lines else [paragraph])
        placed_after.append(len(out))
    for child in children:
        if 0 < child.after_paragraph <= len(placed_after):
            child.after_paragraph = placed_after[child.after_paragraph - 1]
    return out
