"""Stage 7: give every report its id and link the corpus once everything has been read.

Ids are readable and stable: the region's pinyin and the year (ningbo-2020), with the
document type for plan reports (tianjin-2024-plan) and a short hash of the title for news.
When two divisions share a pinyin (台州/泰州), the parent's pinyin goes in front.
"""
from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from gwr.digest import title_digest
from gwr.lexicon.gazetteer import Gazetteer, short_name
from gwr.model import Region, Report

# A report page lists at most this many reports of each kind (same region, same year, news),
# and links to the region's or the year's page for the rest: a corpus with thousands of news
# items about one city must not give each of them a page listing all the others.
RELATED_LIMIT = 10


def pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin  # imported when needed: the slugs of known regions are kept

    return lazy_pinyin(text)


def pinyin_slug(name: str) -> str:
    stem = short_name(name) or name
    return "".join(pinyin(stem)).lower().replace("ü", "v").replace(" ", "")


@functools.lru_cache(maxsize=2)
def _slug_counts(gazetteer: Gazetteer) -> Counter[str]:
    """How many divisions share each pinyin slug, alone and after their parent's (a county
    that became a city keeps its old entry beside the new one: 祁阳县, 祁阳市); computed once."""
    counts: Counter[str] = Counter()
    for division in gazetteer.by_code.values():
        slug = pinyin_slug(division.name)
        counts[slug] += 1
        parent = gazetteer.by_code.get(division.parent_code or "")
        if parent is not None:
            counts[f"{pinyin_slug(parent.name)}-{slug}"] += 1
    return counts


def region_slug(region: Region | None, gazetteer: Gazetteer) -> str:
    """The short name's pinyin (ningbo); after the parent's where other divisions share it
    (taizhou-jiaojiang); the full name's where divisions under one parent share even that
    (yongzhou-qiyangxian, yongzhou-qiyangshi)."""
    if region is None:
        return "unknown"
    if region.anonymized:
        return "".join(pinyin(region.name)).lower()
    if region.level == "national":
        return "china"
    counts = _slug_counts(gazetteer)
    own = 1 if region.code in gazetteer.by_code else 0
    slug = pinyin_slug(region.name)
    if counts[slug] > own and region.parent:
        slug = f"{pinyin_slug(region.parent)}-{slug}"
        if counts[slug] > own:
            slug = f"{pinyin_slug(region.parent)}-{''.join(pinyin(region.name)).lower()}"
    return slug


class RegionSlugs:
    """region_slug of each region, computed once: `known` ({region: slug}) may come from an
    earlier build with the same gazetteer, and holds every slug asked for since. (The first
    slug computed reads every division's pinyin, about 0.4 s: a rebuild need not.)"""

    def __init__(self, gazetteer: Gazetteer, known: dict[Region | None, str] | None = None):
        self.gazetteer = gazetteer
        self.known = known if known is not None else {}

    def __call__(self, region: Region | None) -> str:
        if region not in self.known:
            self.known[region] = region_slug(region, self.gazetteer)
        return self.known[region]


def report_id(report: Report, slugs: RegionSlugs) -> str:
    meta = report.meta
    base = slugs(meta.region)
    if meta.doc_type == "resolution" and meta.year:
        return f"resolution-{base}-{meta.year}"
    if not meta.is_report:
        digest = title_digest(meta.title)
        return f"{meta.doc_type}-{base}-{digest}"
    parts = [base, str(meta.year) if meta.year else "undated"]
    if meta.period == "上半年":
        parts.append("h1")
    elif meta.period == "下半年":
        parts.append("h2")
    if meta.doc_type == "plan_report":
        parts.append("plan")
    return "-".join(parts)


def assign_ids(reports: list[Report], slugs: RegionSlugs) -> None:
    """Ids in a stable order; a clash (the same report twice) gets -2, -3 …"""
    seen: dict[str, int] = {}
    for report in sorted(reports, key=lambda r: (r.source_file, r.source_lines)):
        base = report_id(report, slugs)
        seen[base] = seen.get(base, 0) + 1
        report.id = base if seen[base] == 1 else f"{base}-{seen[base]}"


@dataclass
class Site:
    reports: list[Report]  # every document, in reading order (region, year, type)
    by_region: dict[str, list[Report]] = field(default_factory=dict)
    by_year: dict[int, list[Report]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # region -> regions below it
    regions: dict[str, Region] = field(default_factory=dict)
    region_slugs: dict[str, str] = field(default_factory=dict)

    def region_url(self, name: str | None) -> str | None:
        slug = self.region_slugs.get(name or "")
        return f"/regions/{slug}/" if slug else None

    def news_about(self, name: str | None) -> list[Report]:
        """News about a region or the regions directly below it."""
        if not name:
            return []
        nearby = [name] + self.children.get(name, [])
        return [r for n in nearby for r in self.by_region.get(n, []) if not r.meta.is_report]

    def report_of(self, region: Region | None, year: int) -> Report | None:
        """A region's report for a whole year: its work report, else its plan report."""
        if region is None:
            return None
        candidates = [r for r in self.by_region.get(region.name, []) if r.meta.year == year
                      and r.meta.is_report and r.meta.period is None]
        candidates.sort(key=lambda r: (r.meta.doc_type != "work_report", r.id))
        return candidates[0] if candidates else None

    @functools.cached_property
    def _year_index(self) -> tuple[dict[int, list[Report]], dict[tuple[int, str | None], list[Report]], set[str]]:
        """The reports of each year, of each year and province (of reports with a region),
        in reading order, and the ids of all: asked for every report page, so not
        filtered again for each."""
        by_year: dict[int, list[Report]] = {}
        by_province: dict[tuple[int, str | None], list[Report]] = {}
        for year, reports in self.by_year.items():
            for r in reports:
                if r.meta.is_report:
                    by_year.setdefault(year, []).append(r)
                    if r.meta.region:
                        by_province.setdefault((year, r.meta.region.province), []).append(r)
        return by_year, by_province, {r.id for reports in by_year.values() for r in reports}

    def _same_year(self, report: Report) -> tuple[list[Report], int]:
        """The first RELATED_LIMIT other reports of the report's year, nearest first (those
        of its province before the others, each in reading order), and how many there are."""
        meta = report.meta
        if not meta.year:
            return [], 0
        by_year, by_province, members = self._year_index
        year = by_year.get(meta.year, [])
        if meta.region:
            province = meta.region.province
            near = by_province.get((meta.year, province), [])
            far = (r for r in year if not (r.meta.region and r.meta.region.province == province))
        else:
            near, far = [], iter(year)
        nearest = (r for r in itertools.chain(near, far) if r.id != report.id)
        return list(itertools.islice(nearest, RELATED_LIMIT)), len(year) - (report.id in members)

    def related(self, report: Report) -> dict:
        """Links shown on a report page: neighbours in time, in space, and news. Reports are told
        apart by id: a worker renders pages with a copy of the site (gwr.build.pipeline.PageMaking)."""
        meta = report.meta
        name = meta.region.name if meta.region else None
        same_region = [r for r in self.by_region.get(name, []) if r.meta.is_report]
        same_kind = [r for r in same_region if r.meta.doc_type == meta.doc_type and r.meta.year]
        years = sorted(same_kind, key=lambda r: (r.meta.year, r.id))
        earlier = [r for r in years if r.meta.year < (meta.year or 0)]
        later = [r for r in years if r.meta.year > (meta.year or 0)]
        parent = meta.region.parent if meta.region else None
        province = meta.region.province if meta.region else None
        same_year, same_year_count = self._same_year(report)
        news = [r for r in self.news_about(name) if r.id != report.id]
        same_region = [r for r in same_region if r.id != report.id]
        return {
            "previous": earlier[-1] if earlier else None,
            "next": later[0] if later else None,
            "same_region": same_region[:RELATED_LIMIT],
            "same_year": same_year,
            # How many each list holds in all: the page links to the region's or the year's page for the rest.
            "counts": {"same_region": len(same_region), "same_year": same_year_count, "news": len(news)},
            "parent": parent if self.by_region.get(parent) else None,
            "parent_name": parent,
            "province": province if self.by_region.get(province) and province != parent else None,
            "news": news[:RELATED_LIMIT],
            "reports_for_news": [] if meta.is_report else self.reports_for_news(report),
        }

    def reports_for_news(self, item: Report) -> list[Report]:
        """The reports a news item leads to: its region's of its year, else its parent region's
        (a county's news to its city's report); without a year, their reports, latest first."""
        region = item.meta.region
        for name in (region.name, region.parent) if region else ():
            place = self.regions.get(name) if name else None
            if place is None:
                continue
            if item.meta.year:
                found = self.report_of(place, item.meta.year)
                if found:
                    return [found]
                continue
            reports = sorted((r for r in self.by_region.get(name, []) if r.meta.is_report),
                             key=lambda r: (-(r.meta.year or 0), r.id))
            if reports:
                return reports[:RELATED_LIMIT]
        return []


def sort_key(report: Report):
    region = report.meta.region
    return (
        region.province or "" if region else "~",
        region.code or region.name if region else "~",
        report.meta.year or 0,
        report.meta.doc_type,
        report.id,
    )


def _add_region(site: Site, region: Region, slugs: RegionSlugs, taken: set[str]) -> None:
    if region.name not in site.regions:
        site.regions[region.name] = region
        slug = slugs(region)
        if slug in taken:  # two names that read alike: each region needs a page of its own
            slug = f"{slug}-{region.code or len(taken)}"
        taken.add(slug)
        site.region_slugs[region.name] = slug
        site.by_region[region.name] = []


def link(reports: list[Report], slugs: RegionSlugs) -> Site:
    gazetteer = slugs.gazetteer
    ordered = sorted(reports, key=sort_key)
    site = Site(reports=ordered)
    taken: set[str] = set()
    for report in ordered:
        region = report.meta.region
        if region is None:
            continue
        _add_region(site, region, slugs, taken)
        site.by_region[region.name].append(report)
        if report.meta.year and report.meta.is_report:
            site.by_year.setdefault(report.meta.year, []).append(report)
    # Parents and provinces get pages too, so that a city's page leads up to its province.
    for region in list(site.regions.values()):
        division = gazetteer.by_code.get(region.code or "")
        for above in gazetteer.ancestors(division) if division else []:
            _add_region(site, gazetteer.region(above), slugs, taken)
    children: dict[str, set[str]] = defaultdict(set)
    for name, region in site.regions.items():
        if region.parent and region.parent != name:
            children[region.parent].add(name)
    site.children = {k: sorted(v) for k, v in sorted(children.items())}
    site.by_year = dict(sorted(site.by_year.items()))
    return site
