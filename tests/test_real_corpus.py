"""A sample of real reports (tests/corpus: 44 public documents as their sources published them)
built end to end and scored against their gold entries (tests/gold/corpus-sample.json)."""
from __future__ import annotations

import json

import pytest

from gwr import config
from gwr.build.pipeline import build
from gwr.parse.outline import iter_sections
from gwr.scoring import BARS, score
from tests.harness import ROOT

CORPUS = ROOT / "tests" / "corpus"
GOLD = json.loads((ROOT / "tests" / "gold" / "corpus-sample.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "output"
    result = build(config.load(str(CORPUS), str(out), cache=False))
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    return result, documents


def by_file(documents, name):
    return [d for d in documents if d["source"]["file"] == name]


def test_the_sample_builds_without_a_warning(real_build):
    result, _ = real_build
    assert result.diagnostics == []


def test_the_sample_meets_the_bars_for_real_corpora(real_build):
    _, documents = real_build
    tallies, unexpected, misses = score(GOLD, documents)
    for folder, tally in tallies.items():
        for key, (ok, n) in tally.counts.items():
            assert ok / n >= BARS[key], (folder, key, misses)
    assert sum(unexpected.values()) == 0


def test_a_misnamed_file_is_identified_from_its_text(real_build):
    _, documents = real_build
    [national] = by_file(documents, "cities-2024/台州.txt")  # holds the national report
    assert (national["region"]["level"], national["year"], national["doc_type"]) == ("national", 2024, "work_report")
    assert {p["file"] for p in national["source"]["also"]} == {"cities-2024/襄阳.txt"}  # the same text again
    [district] = by_file(documents, "cities-2024/黄山.txt")  # 黄山区's report, not 黄山市's
    assert (district["region"]["name"], district["region"]["parent"]) == ("黄山区", "黄山市")


def test_a_city_and_a_county_of_the_same_stem_are_told_apart(real_build):
    _, documents = real_build
    for name, city in (("长沙", "长沙市"), ("吉安", "吉安市"), ("乌鲁木齐", "乌鲁木齐市")):
        [report] = by_file(documents, f"cities-2024/{name}.txt")
        assert (report["region"]["name"], report["region"]["level"]) == (city, "prefecture")
    [county_city] = by_file(documents, "cities-2024/恩施.txt")  # 恩施市 under 恩施州
    assert (county_city["region"]["name"], county_city["region"]["level"]) == ("恩施市", "county")


def test_a_municipality_is_never_a_county_of_another_province(real_build):
    _, documents = real_build
    for name in ("天津", "重庆", "北京"):
        [report] = by_file(documents, f"cities-2024/{name}.txt")
        assert (report["region"]["name"], report["region"]["level"]) == (f"{name}市", "province")


def test_a_resolution_on_the_report_is_not_a_report(real_build):
    _, documents = real_build
    for name in ("national/resolution-01.txt", "national/resolution-03.txt"):
        [resolution] = by_file(documents, name)
        assert resolution["doc_type"] == "resolution"
        assert resolution["region"]["level"] == "national" and resolution["year"]


def test_web_page_chrome_is_removed_with_a_reason(real_build, tmp_path):
    result, documents = real_build
    [report] = by_file(documents, "provinces-2026/2026_福建省_政府工作报告.csv")
    assert report["title"] == "2026年福建省政府工作报告" and report["date"] == "2026-01-27"
    assert report["speaker"] == "赵龙"
    reasons = {(r.text.strip(), r.reason) for r in result.removed
               if r.file == "provinces-2026/2026_福建省_政府工作报告.csv"}
    assert {("打印", "page tools"), ("来源：福建日报", "page metadata")} <= reasons


def test_run_on_text_gets_paragraphs_a_citation_can_point_to(real_build):
    result, _ = real_build
    [report] = [r for r in result.reports if r.source_file == "cities-2024/潍坊.txt"]  # all on one line
    paragraphs = [p for s in iter_sections(report.outline.sections) for p in s.paragraphs]
    lengths = sorted(len(p.text) for p in paragraphs)
    assert len(paragraphs) >= 40 and lengths[len(lengths) // 2] <= 300 and lengths[-1] <= 600
    assert len({p.anchor for p in paragraphs}) == len(paragraphs)


def test_an_appendix_is_kept_apart_from_the_parts_of_the_report(real_build):
    _, documents = real_build
    [report] = by_file(documents, "provinces-2026/2026_广东省_政府工作报告.csv")
    assert [a["heading"] for a in report["appendix"]] == ["附件1", "附件2 名词解释"]
    assert all("附件" not in n["heading"] for n in report["outline"])
    [report] = by_file(documents, "provinces-2026/2026_四川省_政府工作报告.csv")
    assert [a["heading"] for a in report["appendix"]] == ["名词解释"]
