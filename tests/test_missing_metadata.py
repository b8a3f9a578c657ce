"""Every stage after parsing tolerates any combination of missing metadata: reports with and
without a year, a region, a date and targets, side by side, build a whole site without a warning."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwr import config
from gwr.build.pipeline import build

REGIONS = ["宁波市", "长沙县", "海淀区", None]  # None: a region no text names


@st.composite
def report_texts(draw) -> str:
    region = draw(st.sampled_from(REGIONS))
    year = draw(st.sampled_from([2021, 2024, None]))
    lines = []
    if draw(st.booleans()):  # a title
        lines.append(f"{year or ''}{'年' if year else ''}{region or ''}政府工作报告")
    if draw(st.booleans()) and year:  # a dated subtitle
        lines.append(f"——{year}年1月16日在{region or ''}人民代表大会第三次会议上")
    lines += ["各位代表：", f"现在，我代表{region or ''}人民政府向大会报告工作，请予审议。"]
    lines.append(f"一、{year - 1}年工作回顾" if year else "一、过去一年工作回顾")
    lines.append("过去一年，我们坚持稳中求进，经济运行总体平稳。" * 3)
    lines.append(f"二、{year}年工作安排" if year else "二、今后工作安排")
    if draw(st.booleans()):  # targets
        lines.append("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，居民消费价格涨幅3%左右。")
    lines.append("我们要坚定信心，真抓实干。" * 3)
    return "\n".join(lines) + "\n"


@st.composite
def news_texts(draw) -> str:
    region = draw(st.sampled_from(REGIONS))
    return f"• 【招商】{region or '某地'}推出新举措\n近日，{region or '当地'}出台新政策，支持企业发展。\n2025-07-02\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(report_texts(), min_size=1, max_size=4), st.lists(news_texts(), max_size=2))
def test_any_combination_of_missing_metadata_builds_the_whole_site(tmp_path_factory, reports, news):
    root = tmp_path_factory.mktemp("combinations")
    seeds = root / "seeds"
    seeds.mkdir()
    for i, text in enumerate(reports + news):
        (seeds / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    out = root / "output"
    result = build(config.load(str(seeds), str(out), cache=False, jobs=1))
    assert [str(d) for d in result.diagnostics] == []
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    assert documents
    for doc in documents:
        assert (out / doc["url"].strip("/") / "index.html").is_file(), doc["id"]
    for page in ("index.html", "targets/index.html", "regions/index.html", "search/index.html"):
        assert (out / page).is_file()


def test_a_page_that_fails_is_a_warning_naming_the_page_and_the_report(tmp_path):
    import dataclasses
    import shutil

    from tests.harness import ROOT

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    report_page = templates / "report.html"
    # A fault that only the 2020 reports' data trigger: dividing by zero while rendering them.
    report_page.write_text(report_page.read_text(encoding="utf-8").replace(
        "{% block main %}", "{% block main %}{{ 1 // ((meta.year or 0) - 2020) }}", 1), encoding="utf-8")
    seeds = ROOT / "seeds"
    cfg = dataclasses.replace(config.load(str(seeds), str(tmp_path / "output"), cache=False),
                              templates_dir=templates)
    result = build(cfg)
    failed = [d for d in result.diagnostics if "could not be made" in d.message]
    documents = json.loads((tmp_path / "output" / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    of_2020 = [d for d in documents if d["year"] == 2020 and d["doc_type"] != "news"]
    assert of_2020 and len(failed) == len(of_2020)
    for doc in of_2020:
        assert any(f"reports/{doc['id']}/index.html" in d.message and d.path == doc["source"]["file"] for d in failed)
        assert not (tmp_path / "output" / "reports" / doc["id"] / "index.html").exists()
    others = [d for d in documents if d not in of_2020]
    assert all((tmp_path / "output" / d["url"].strip("/") / "index.html").is_file() for d in others)
