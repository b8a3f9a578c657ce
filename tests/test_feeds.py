import xml.etree.ElementTree as ET
from types import SimpleNamespace

from gwr.config import BaseUrl
from gwr.model import Metadata, Outline, Region, Section
from gwr.site.feeds import FEED_ENTRIES, atom_feed, page_paths, robots_txt, sitemap_xml

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = BaseUrl("https://example.org", "/gwr/")


def report(report_id, doc_type="work_report", date=None, year=2020, title="2020年某市政府工作报告"):
    meta = Metadata(doc_type, title, False, Region("某市", "prefecture", "某省", "某省"), year, date,
                    "某市第一届人民代表大会第一次会议", "张三", "市长")
    outline = Outline([], [Section("一、回顾", "cn", 1, 1), Section("专栏1", "box", None, 2)])
    return SimpleNamespace(id=report_id, url=f"/reports/{report_id}/", meta=meta, outline=outline)


def test_the_feed_lists_reports_newest_first_with_escaped_text():
    site = SimpleNamespace(reports=[
        report("a-2019", date="2019-02-01", title="<b>2019</b> & 报告"),
        report("news-x", doc_type="news", date="2021-01-01"),
        report("b-2020", date=None, year=2020),
        report("c-2021", doc_type="plan_report", date="2021-01-20"),
        report("undated", date=None, year=None)])
    feed = ET.fromstring(atom_feed(site, BASE))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "https://example.org/gwr/reports/c-2021/", "https://example.org/gwr/reports/b-2020/",
        "https://example.org/gwr/reports/a-2019/"]
    assert entries[1].find(f"{ATOM}updated").text == "2020-01-01T00:00:00+08:00"  # only the year known
    assert entries[2].find(f"{ATOM}title").text == "<b>2019</b> & 报告"
    assert feed.find(f"{ATOM}updated").text == "2021-01-20T00:00:00+08:00"
    summary = entries[0].find(f"{ATOM}summary").text
    assert "市长 张三" in summary and "一、回顾" in summary and "专栏1" not in summary


def test_the_feed_keeps_only_the_newest_reports():
    site = SimpleNamespace(reports=[report(f"r{i}", date=f"20{i % 20:02d}-01-01") for i in range(FEED_ENTRIES + 5)])
    assert len(ET.fromstring(atom_feed(site, BASE)).findall(f"{ATOM}entry")) == FEED_ENTRIES


def test_the_sitemap_has_every_page_but_the_404_page():
    files = {"index.html": "", "404.html": "", "reports/a/index.html": "", "data/reports.json": ""}
    assert page_paths(files) == ["/", "/reports/a/"]
    locs = [e.text for e in ET.fromstring(sitemap_xml(page_paths(files), BASE)).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["https://example.org/gwr/", "https://example.org/gwr/reports/a/"]
    assert robots_txt(BASE).endswith("Sitemap: https://example.org/gwr/sitemap.xml\n")
