"""Stage 6b: the same report found twice — in two files (a copy, the same text in another
encoding) or twice in one — is kept once, with every place it was found recorded.

Two documents are the same report when their titles and their texts, less whitespace, are
the same (`Report.text_digest`, computed when the file is parsed), or, in one file, when their
long texts alone are (`Report.body_digest`): a web page holding its desktop and its mobile copy
prints the title above one of them only. The one kept is the first in file and line order;
the others are recorded on it (`Report.also_found`) and in the build report, never dropped
silently.
"""
from __future__ import annotations

import dataclasses

from gwr.model import Copy, Report


@dataclasses.dataclass(frozen=True)
class Duplicate:
    """A document left out as the same report as one kept."""
    file: str
    lines: tuple[int, int]
    characters: int  # of its source lines
    kept: Report  # as found; its id is given later, when the corpus is linked


def drop_duplicates(reports: list[Report]) -> tuple[list[Report], list[Duplicate]]:
    """(the reports, each once, in their order, those found again carrying where; the
    documents left out). `reports` come in file and line order, so the first is kept. A
    report found again is a copy, so that a cached parse result is never changed."""
    kept: list[Report] = []
    place_of: dict[str, int] = {}
    again: dict[int, list[Report]] = {}
    in_file: dict[tuple[str, str], int] = {}
    for report in reports:
        place = place_of.get(report.text_digest) if report.text_digest else None
        if place is None and report.body_digest:
            place = in_file.get((report.source_file, report.body_digest))
        if place is None:
            place_of[report.text_digest] = len(kept)
            in_file[(report.source_file, report.body_digest)] = len(kept)
            kept.append(report)
        else:
            again.setdefault(place, []).append(report)
    for place, copies in again.items():
        kept[place] = dataclasses.replace(kept[place], also_found=tuple(
            Copy(r.source_file, r.source_lines, r.source_place) for r in copies))
    left_out = [Duplicate(r.source_file, r.source_lines, r.characters, kept[place])
                for place, copies in again.items() for r in copies]
    return kept, left_out
