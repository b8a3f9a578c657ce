"""The target ledger: for each region, year and indicator, the target the year's report set and
the outcome the next year's report gave, one row each, whichever of the two the corpus holds.
The targets page, the region pages and `data/targets.csv` are all made from these rows, so a
download never says less than the page it is offered on.

A verdict compares the two where both are figures in the same unit:

* growth rates, jobs, grain, incomes and R&D intensity are floors, met when the outcome
  reaches the target (a range's lower end); unemployment and consumer prices are ceilings, met
  when the outcome stays at or below it;
* 左右 and 上下 allow a tenth of the target either way (5%左右 is met by 4.5%);
* an outcome 接近 its figure fell just short of it, one 超过 (or 突破) its figure went just past it;
* an aim without a figure (与经济增长同步), or a figure in another unit, is not comparable.

An outcome given as an estimate (预计) keeps its verdict and its flag.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from gwr.model import Report, Target
from gwr.site.codebook import TARGET_COLUMNS

CEILINGS = {"unemployment", "cpi"}
ABOUT = {"左右", "上下"}
JUST = 1e-9  # how far 接近 falls short and 超过 goes past


@dataclass(frozen=True)
class LedgerRow:
    region: str
    year: int
    indicator: str
    scope: str  # urban or rural for incomes set apart, else "" (the figures' own scope may say more)
    report: Report | None  # the year's report, holding the target
    target: Target | None
    outcome_report: Report | None  # the next year's, holding the outcome
    outcome: Target | None
    status: str = ""  # stated | not set (the report says it sets none) | "" (no target found)

    @property
    def verdict(self) -> str:
        return verdict(self.target, self.outcome)


VERDICT_NAMES = {"met": "达成", "missed": "未达成", "not comparable": "不可比", "": ""}


def verdict(target: Target | None, outcome: Target | None) -> str:
    """met, missed, not comparable, or "" when the target or the outcome is missing."""
    if target is None or outcome is None:
        return ""
    if target.value is None or outcome.value is None or target.unit != outcome.unit:
        return "not comparable"
    achieved = outcome.value - JUST if outcome.qualifier == "接近" else \
        outcome.value + JUST if outcome.qualifier in ("超过", "突破") else outcome.value
    slack = abs(target.value) / 10 if target.qualifier in ABOUT else 0.0
    if target.indicator in CEILINGS:
        return "met" if achieved <= target.value + slack else "missed"
    floor = target.low if target.low is not None else target.value
    return "met" if achieved >= floor - slack else "missed"


def _key(region: str, year: int, figure: Target) -> tuple[str, int, str, str]:
    return region, year, figure.indicator, figure.scope if figure.scope in ("urban", "rural") else ""


def ledger(reports: list[Report]) -> list[LedgerRow]:
    """A row per region, year, indicator (and income scope) of which the reports give a target
    or an outcome, in the order of the reports."""
    cells: dict[tuple[str, int, str, str], dict] = {}
    for report in reports:
        region, year = report.meta.region, report.meta.year
        if not (report.meta.is_report and region and year):
            continue
        for target in report.targets:
            cells.setdefault(_key(region.name, year, target), {}).setdefault("target", (report, target))
        for indicator in report.targets_not_set:
            cells.setdefault((region.name, year, indicator, ""), {}).setdefault("not set", report)
        if report.meta.period is None:  # a five-year review's figures answer no single year
            for outcome in report.outcomes:
                cells.setdefault(_key(region.name, year - 1, outcome), {}).setdefault("outcome", (report, outcome))
    rows = []
    for (region, year, indicator, scope), cell in cells.items():
        report, target = cell.get("target", (cell.get("not set"), None))
        outcome_report, outcome = cell.get("outcome", (None, None))
        status = "stated" if target else "not set" if "not set" in cell else ""
        rows.append(LedgerRow(region, year, indicator, scope, report, target, outcome_report, outcome, status))
    return rows


CSV_COLUMNS = [column.name for column in TARGET_COLUMNS]  # the codebook names them, in this order


def ledger_csv(rows: list[LedgerRow], indicator_names: dict[str, str], absolute) -> str:
    """The ledger as CSV, a row per region × year × indicator, with a byte-order mark so that
    Excel reads it as UTF-8. `absolute(path)`: a page's published address."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        target, outcome = row.target, row.outcome
        region = (row.report or row.outcome_report).meta.region
        writer.writerow([
            row.region, region.province or "", region.level, row.year, row.indicator,
            indicator_names[row.indicator], (target or outcome).scope if target or outcome else "", row.status,
            row.report.id if row.report else "", target.position if target else "",
            _number(target.low) if target else "", _number(target.value) if target else "",
            (target or outcome).unit if target or outcome else "", target.qualifier or "" if target else "",
            target.hardness if target else "",
            target.text if target else "", absolute(f"{row.report.url}#{target.anchor}") if target else "",
            row.outcome_report.id if outcome else "", _number(outcome.value) if outcome else "",
            outcome.qualifier or "" if outcome else "", ("yes" if outcome.estimate else "no") if outcome else "",
            outcome.text if outcome else "",
            absolute(f"{row.outcome_report.url}#{outcome.anchor}") if outcome else "", row.verdict])
    return "\ufeff" + out.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def ledger_tables(rows: list[LedgerRow], indicator_names: dict[str, str], region_order: list[str]) -> list[dict]:
    """One region × year table per indicator for the targets page; a cell holds the rows of
    its region and year (two for urban and rural incomes): every row of the ledger, as in
    targets.csv."""
    tables = []
    for indicator, label in indicator_names.items():
        cells: dict[tuple[str, int], list[LedgerRow]] = {}
        for row in rows:
            if row.indicator == indicator:
                cells.setdefault((row.region, row.year), []).append(row)
        if not cells:
            continue
        years = sorted({year for _, year in cells})
        regions = [name for name in region_order if any((name, y) in cells for y in years)]
        tables.append({"indicator": indicator, "label": label, "years": years, "regions": regions, "cells": cells})
    return tables
