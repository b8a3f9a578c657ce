"""Web pages in the markup of the sites reports are published on (tests/formats/make_web.py):
the central government's article page, a provincial portal, a city's 政务公开 page, 人民网 and
新华网 reprints, a WeChat article (as HTML and as a browser's one-file MHTML)."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from gwr import config
from gwr.build.pipeline import build
from gwr.parse.formats.web import read_web, web_address
from gwr.parse.ingest import read_source
from tests.harness import ROOT, serving

WEB = ROOT / "tests" / "formats" / "web"
sys.path.insert(0, str(ROOT / "tests" / "formats"))
from make_web import CHROME  # noqa: E402  the chrome strings the pages were written with

PAGES = {  # page: (region, year, its own address, source line, the report's text it holds)
    "gov-cn.html": ("中国", 2025, "https://www.gov.cn/yaowen/liebiao/202503/content_7013163.htm", "新华社",
                    "national/2025-report.txt"),
    "provincial-portal.htm": ("云南省", 2026, "https://www.yn.gov.cn/ywdt/ynyw/202602/t20260203_323801.html",
                              "云南日报", None),
    "city-disclosure.html": ("南宁市", 2024, "http://www.nanning.gov.cn/zwgk/fdzdgknr/zfgzbg/t5812345.html",
                             "南宁市人民政府办公室", "cities-2024/南宁.txt"),
    "people-cn.html": ("天津市", 2024, "http://tj.people.com.cn/n2/2024/0130/c375366-40731234.html",
                       "人民网－天津频道", "cities-2024/天津.txt"),
    "xinhua.html": ("重庆市", 2024, "http://www.news.cn/local/20240128/a1b2c3d4e5f6/c.html", "新华网",
                    "cities-2024/重庆.txt"),
    "wechat-saved.mhtml": ("长沙市", 2024, "http://mp.weixin.qq.com/s?__biz=MzA3NTEyMzQ1Ng==&mid=2650912345&idx=1&sn=0a1b2c3d4e5f",
                    "长沙晚报", "cities-2024/长沙.txt"),
}


def no_space(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("web") / "seeds"
    shutil.copytree(WEB, seeds)
    out = seeds.parent / "output"
    result = build(config.load(str(seeds), str(out), cache=False))
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    return out, result, {d["source"]["file"]: d for d in documents}


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_the_report_it_holds(site, name):
    _, result, found = site
    region, year, url, source, _ = PAGES[name]
    report = found[name]
    assert (report["doc_type"], report["region"]["name"], report["year"]) == ("work_report", region, year)
    assert report["source"]["url"] == url and report["source"]["page"]["source"] == source
    assert result.diagnostics == []


@pytest.mark.parametrize("name", PAGES)
def test_no_menu_share_or_related_news_is_left_in_a_paragraph(site, name):
    out, _, found = site
    report = found[name]
    rows = [json.loads(line) for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines()]
    text = "".join(row["text"] for row in rows if row["report"] == report["id"])
    assert len(text) > 500
    assert [chrome for chrome in CHROME if chrome in text] == []


@pytest.mark.parametrize("name", [n for n, page in PAGES.items() if page[4]] + ["wechat.html"])
def test_the_article_is_read_whole(name):
    source = read_source(WEB / name, name)
    text = PAGES.get(name, PAGES["wechat-saved.mhtml"])[4]
    copy = [no_space(line) for line in (ROOT / "tests" / "corpus" / text).read_text("utf-8").split("\n")
            if line.strip()][:12]  # the paragraphs make_web.py put in the page
    read = [no_space(line) for line in source.lines]
    assert [line for line in read if line in copy] == copy


def test_the_source_address_is_on_the_page_and_in_the_citation(site, page):
    out, _, found = site
    report = found["xinhua.html"]
    with serving(out) as url:
        page.goto(url + report["url"])
        assert page.locator("a.source-url").get_attribute("href") == PAGES["xinhua.html"][2]
        page.locator("article .para > a.pilcrow").first.click()
        assert page.locator("#cite-text").input_value().endswith("原网页: " + PAGES["xinhua.html"][2])
        assert page.errors == []


def test_a_page_saved_as_mhtml_is_the_same_report_as_its_html(site):
    _, _, found = site
    assert [c["file"] for c in found["wechat-saved.mhtml"]["source"]["also"]] == ["wechat.html"]


def test_a_page_whose_article_cannot_be_found_is_read_whole():
    read = read_web("<html><head><title>2024年政府工作报告</title></head><body><h1>一、工作回顾 &amp; 展望</h1>"
                    "<p>各位代表：经济增长5%。</p><ul><li>稳增长</li></ul></body></html>")
    assert read.lines == ("2024年政府工作报告", "一、工作回顾 & 展望", "各位代表：经济增长5%。", "稳增长")
    assert read.page.title  # what the page says about itself is kept all the same


def test_only_a_web_address_is_kept_as_one():
    assert web_address(" https://www.gov.cn/a.htm ") == "https://www.gov.cn/a.htm"
    assert web_address("javascript:alert(1)") is None and web_address("data:text/html,x") is None
    assert web_address("/relative/page.html") is None
