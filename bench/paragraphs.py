"""Paragraph lengths of run-on and line-broken reports, side by side.

    python bench/paragraphs.py [FOLDER ...]     # default: seeds/

A report is run-on when most of its characters stand on lines of 1,500 characters or more (a
whole report on one line, or a few). Prints, for each kind, how many reports and paragraphs,
and the paragraph length (characters) at the median, the 90th percentile and the longest;
then the run-on reports one by one.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gwr import config  # noqa: E402
from gwr.build.pipeline import parse_source  # noqa: E402
from gwr.lexicon import gazetteer  # noqa: E402
from gwr.model import Report  # noqa: E402
from gwr.parse.ingest import read_sources  # noqa: E402
from gwr.parse.outline import RUN_ON_LENGTH, iter_sections  # noqa: E402


def paragraph_lengths(report: Report) -> list[int]:
    paragraphs = list(report.outline.preamble)
    for section in iter_sections(report.outline.sections):
        paragraphs.extend(section.paragraphs)
    return [len(p.text) for p in paragraphs if p.kind != "opening"]


def is_run_on(lines: tuple[str, ...], span: tuple[int, int]) -> bool:
    texts = lines[span[0] - 1:span[1]]
    total = sum(len(t) for t in texts) or 1
    return sum(len(t) for t in texts if len(t) >= RUN_ON_LENGTH) / total > 0.5


def summary(lengths: list[int]) -> str:
    if not lengths:
        return "none"
    ordered = sorted(lengths)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (f"{len(lengths)} paragraphs, median {statistics.median(ordered):.0f}, "
            f"90th percentile {p90}, longest {ordered[-1]}")


def main(folders: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    gaz = gazetteer.load(config.SiteConfig(root / "seeds", root / "output").divisions_file)
    kinds: dict[str, list[int]] = {"run-on": [], "line-broken": []}
    counts = {"run-on": 0, "line-broken": 0}
    each: list[str] = []
    for folder in folders or [str(root / "seeds")]:
        sources, _ = read_sources(Path(folder))
        for source in sources:
            for report in parse_source(source, gaz).reports:
                if not report.meta.is_report:
                    continue
                lengths = paragraph_lengths(report)
                kind = "run-on" if is_run_on(source.lines, report.source_lines) else "line-broken"
                kinds[kind].extend(lengths)
                counts[kind] += 1
                if kind == "run-on":
                    each.append(f"  {source.name} ({report.meta.title}): {summary(lengths)}")
    for kind, lengths in kinds.items():
        print(f"{kind}: {counts[kind]} reports, {summary(lengths)}")
    print("\n".join(each))


if __name__ == "__main__":
    main(sys.argv[1:])
