"""Region slugs and report ids: every region and every report gets a path of its own."""
import dataclasses

import pytest

from gwr import config

from gwr.enrich.link import RegionSlugs, assign_ids, link, region_slug
from gwr.lexicon import gazetteer as gazetteer_module
from gwr.model import Metadata, Outline, Report


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_module.load(config.load().divisions_file)


def report_of(gazetteer, name: str, year: int, source: str) -> Report:
    division = gazetteer.by_full[name][0]
    meta = Metadata("work_report", f"{year}年{name}政府工作报告", False, gazetteer.region(division), year,
                    None, None, None, None)
    return Report("", source, (1, 10), meta, False, Outline([], []), [], [])


def test_a_county_and_the_city_it_became_under_one_parent_get_different_slugs(gazetteer):
    county, city = (gazetteer.region(gazetteer.by_full[name][0]) for name in ("祁阳县", "祁阳市"))
    assert county.parent == city.parent
    assert region_slug(county, gazetteer) != region_slug(city, gazetteer)
    assert region_slug(gazetteer.region(gazetteer.by_full["宁波市"][0]), gazetteer) == "ningbo"


def test_every_region_of_a_site_has_its_own_page_even_when_names_read_alike(gazetteer):
    # 山西 and 陕西 are both "shanxi" in pinyin without tones.
    reports = [report_of(gazetteer, name, 2023, f"{number}.txt") for number, name in enumerate(("山西省", "陕西省"))]
    slugs = RegionSlugs(gazetteer)
    assign_ids(reports, slugs)
    site = link(reports, slugs)
    assert len(set(site.region_slugs.values())) == len(site.region_slugs) == 2
    assert len({r.url for r in site.reports}) == 2


def test_region_slugs_known_from_an_earlier_build_are_used_and_new_ones_added(gazetteer):
    reports = [report_of(gazetteer, "宁波市", 2023, "a.txt"), report_of(gazetteer, "温州市", 2023, "b.txt")]
    ningbo = reports[0].meta.region
    slugs = RegionSlugs(gazetteer, {ningbo: "kept-slug"})
    assign_ids(reports, slugs)
    assert [r.id for r in reports] == ["kept-slug-2023", "wenzhou-2023"]
    assert slugs.known[reports[1].meta.region] == "wenzhou"


def test_a_report_page_lists_a_bounded_number_of_related_reports_nearest_first(gazetteer):
    cities = ["宁波市", "温州市", "南京市", "苏州市"]  # two of Zhejiang, two of Jiangsu
    reports = [report_of(gazetteer, name, 2023, f"{name}-{copy}.txt") for name in cities for copy in range(8)]
    reports += [report_of(gazetteer, "宁波市", year, f"宁波-{year}.txt") for year in range(2001, 2016)]
    slugs = RegionSlugs(gazetteer)
    assign_ids(reports, slugs)
    site = link(reports, slugs)
    related = site.related(reports[0])  # 宁波市 2023
    assert len(related["same_region"]) == len(related["same_year"]) == 10
    assert related["counts"] == {"same_region": 7 + 15, "same_year": 31, "news": 0}
    # The year's reports of the same province (7 more of Ningbo, 8 of Wenzhou) come first.
    assert {r.meta.region.province for r in related["same_year"]} == {"浙江省"}


def test_the_reports_of_the_same_year_are_every_other_report_of_it_nearest_first(gazetteer):
    cities = ["宁波市", "南京市", "温州市", "合肥市", "苏州市", "杭州市"]  # Zhejiang, Jiangsu, Anhui mixed
    reports = [report_of(gazetteer, name, year, f"{name}-{year}-{copy}.txt")
               for name in cities for year in (2022, 2023) for copy in range(3)]
    news = report_of(gazetteer, "宁波市", 2023, "news.txt")
    news.meta = dataclasses.replace(news.meta, doc_type="news")
    slugs = RegionSlugs(gazetteer)
    assign_ids(reports + [news], slugs)
    site = link(reports + [news], slugs)
    for report in site.reports:
        province = report.meta.region.province
        others = [r for r in site.reports if r is not report and r.meta.is_report and r.meta.year == report.meta.year]
        nearest = sorted(others, key=lambda r: r.meta.region.province != province)
        related = site.related(report)
        assert related["same_year"] == nearest[:10]
        assert related["counts"]["same_year"] == len(others) == (17 if report.meta.is_report else 18)
