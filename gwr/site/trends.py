"""How often each glossary term is used, year by year: the counts behind the term pages' charts
(per report) and data/term-trends.csv (per report and per 10,000 characters).

A term's rate is its occurrences per 10,000 characters of the reports of a year (text_characters,
the same measure the trends page divides by) and per report; every year from the corpus's
first to its last is a row, a year without reports saying so; news items and resolutions are
counted apart, never in the reports' rate (a report is a work or a plan report).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from gwr.site.codebook import TERM_TREND_COLUMNS

UNKNOWN_YEAR = "年份不详"


@dataclass
class YearCount:
    year: str  # 2020, or 年份不详
    reports: int = 0
    mentioning: int = 0  # reports that use the term
    occurrences: int = 0
    characters: int = 0
    news: int = 0  # news items and resolutions
    news_mentioning: int = 0
    news_occurrences: int = 0

    @property
    def counts(self) -> tuple[int, ...]:
        """What the term's page shows of the year: its counts, none of the reports' lengths."""
        return (self.reports, self.mentioning, self.occurrences, self.news, self.news_mentioning, self.news_occurrences)

    @property
    def per_10k(self) -> float | None:
        return self.occurrences * 10000 / self.characters if self.characters else None

    @property
    def per_report(self) -> float | None:
        return self.occurrences / self.reports if self.reports else None

    def add(self, apart: bool, count: int, characters: int) -> None:
        if apart:
            self.news += 1
            self.news_mentioning += bool(count)
            self.news_occurrences += count
        else:
            self.reports += 1
            self.mentioning += bool(count)
            self.occurrences += count
            self.characters += characters


@dataclass(frozen=True)
class Counted:
    """What a term's table is made of, of one document."""
    year: int | None
    apart: bool  # news or a resolution: counted apart from the reports
    characters: int
    counts: dict[str, int]  # slug -> occurrences


def term_years(documents: Iterable[Counted], slugs: list[str]) -> dict[str, list[YearCount]]:
    """Each term's rows, every year of the corpus (and 年份不详 when a document has no year)."""
    documents = list(documents)
    years = [d.year for d in documents if d.year]
    span = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    if any(not d.year for d in documents):
        span.append(UNKNOWN_YEAR)
    tables = {slug: {year: YearCount(year) for year in span} for slug in slugs}
    for document in documents:
        year = str(document.year) if document.year else UNKNOWN_YEAR
        for slug in slugs:
            tables[slug][year].add(document.apart, document.counts.get(slug, 0), document.characters)
    return {slug: list(table.values()) for slug, table in tables.items()}


def rate(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def term_trends_csv(terms: list[tuple[str, str]], tables: dict[str, list[YearCount]]) -> str:
    """data/term-trends.csv: a row per term and year, UTF-8 with a byte-order mark (for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in TERM_TREND_COLUMNS])
    for slug, name in terms:
        for row in tables[slug]:
            writer.writerow([name, slug, row.year, row.reports, row.mentioning, row.occurrences, row.characters,
                             rate(row.per_10k), rate(row.per_report), row.news, row.news_mentioning, row.news_occurrences])
    return "\ufeff" + out.getvalue()
