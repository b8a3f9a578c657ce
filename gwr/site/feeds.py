"""Stage 8b: files for crawlers and feed readers: sitemap.xml, robots.txt and feed.xml (Atom).

All three need absolute addresses, which the base URL gives. XML is written by ElementTree,
which escapes every piece of text from the seeds; element order and attribute order are
fixed, so the bytes are the same for the same input.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from gwr.config import BaseUrl
from gwr.enrich.link import Site
from gwr.model import Report
from gwr.site.render import site_path

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITE_NAME = "报告研读 · GWR Reader"
FEED_ENTRIES = 100  # the newest reports; the whole corpus is in data/reports.json
CHINA_OFFSET = "+08:00"  # report dates are local dates in China

ET.register_namespace("", ATOM)


def page_paths(files: Iterable[str]) -> list[str]:
    """Site paths of the pages a crawler should visit: every index.html (not the 404 page)."""
    return sorted(site_path(path) for path in files if path == "index.html" or path.endswith("/index.html"))


def sitemap_xml(pages: list[str], base: BaseUrl) -> str:
    root = ET.Element("urlset", xmlns=SITEMAP)
    for path in pages:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = base.absolute(path)
    return xml_text(root)


def robots_txt(base: BaseUrl) -> str:
    """Crawlers read robots.txt only at the root of a host: under a sub-path it is a hint."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base.absolute('/sitemap.xml')}\n"


def report_day(report: Report) -> str | None:
    """The day a report was given; 1 January of its year when only the year is known."""
    return report.meta.date or (f"{report.meta.year:04d}-01-01" if report.meta.year else None)


def feed_reports(site: Site) -> list[Report]:
    """Reports (not news) with a known day, newest first."""
    dated = [r for r in site.reports if r.meta.is_report and report_day(r)]
    dated.sort(key=lambda r: (report_day(r), r.id), reverse=True)
    return dated[:FEED_ENTRIES]


def entry_summary(report: Report) -> str:
    meta = report.meta
    facts = [meta.meeting, " ".join(filter(None, [meta.speaker_title, meta.speaker]))]
    headings = "；".join(s.heading for s in report.outline.sections if not s.is_box)
    lines = ["，".join(filter(None, facts)), f"目录：{headings}" if headings else ""]
    return "\n".join(filter(None, lines))


def atom_feed(site: Site, base: BaseUrl) -> str:
    reports = feed_reports(site)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    add = ET.SubElement
    add(feed, f"{{{ATOM}}}title").text = f"{SITE_NAME} · 政府工作报告"
    add(feed, f"{{{ATOM}}}subtitle").text = "新收录的政府工作报告与计划报告，按报告日期排列。"
    add(feed, f"{{{ATOM}}}id").text = base.absolute("/")
    add(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=base.absolute("/feed.xml"))
    add(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base.absolute("/"))
    add(feed, f"{{{ATOM}}}updated").text = timestamp(report_day(reports[0])) if reports else "1970-01-01T00:00:00Z"
    add(add(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = SITE_NAME
    for report in reports:
        entry = add(feed, f"{{{ATOM}}}entry")
        add(entry, f"{{{ATOM}}}title").text = report.meta.title
        add(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base.absolute(report.url))
        add(entry, f"{{{ATOM}}}id").text = base.absolute(report.url)
        add(entry, f"{{{ATOM}}}updated").text = timestamp(report_day(report))
        if report.meta.region:
            add(entry, f"{{{ATOM}}}category", term=report.meta.region.name)
        add(entry, f"{{{ATOM}}}summary").text = entry_summary(report)
    return xml_text(feed)


def timestamp(day: str) -> str:
    return f"{day}T00:00:00{CHINA_OFFSET}"


def xml_text(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def host_files(site: Site, paths: Iterable[str], base: BaseUrl, feed: str | None = None) -> dict[str, str]:
    """sitemap.xml (of the pages at `paths`), robots.txt and feed.xml (`feed`, when made already)."""
    return {"sitemap.xml": sitemap_xml(page_paths(paths), base),
            "robots.txt": robots_txt(base),
            "feed.xml": atom_feed(site, base) if feed is None else feed}
