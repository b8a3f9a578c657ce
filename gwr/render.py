"""Stage 8: render pages and data files from the linked site.

Templates get plain data (dicts and dataclasses) and autoescape everything: no text from a
seed is ever rendered as markup. JSON is written sorted and compact so builds are
byte-identical.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from .link import Site
from .model import Report, Section
from .textnorm import to_simplified

LEVEL_NAMES = {"national": "全国", "province": "省级", "prefecture": "地级", "county": "县级",
               "district": "区级"}
DOC_TYPE_NAMES = {"work_report": "政府工作报告", "plan_report": "计划报告", "news": "新闻"}
INDICATOR_NAMES = {"gdp_growth": "地区生产总值增长", "fiscal_revenue_growth": "一般公共预算收入增长",
                   "fixed_investment_growth": "固定资产投资增长", "retail_sales_growth": "社会消费品零售总额增长",
                   "trade_growth": "进出口总额增长", "cpi": "居民消费价格涨幅", "income_growth": "居民收入增长",
                   "unemployment": "城镇失业率", "rd_intensity": "研发经费投入强度"}
REPAIR_NAMES = {"pinyin": "删除拼音注音", "mojibake": "修复错位编码", "garbled": "无法完全修复的乱码",
                "spacing": "删除多余空格", "stray": "删除版面残字", "rejoin": "接续断行"}


def make_env(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(LEVEL_NAMES=LEVEL_NAMES, DOC_TYPE_NAMES=DOC_TYPE_NAMES,
                       REPAIR_NAMES=REPAIR_NAMES, INDICATOR_NAMES=INDICATOR_NAMES)
    return env


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def outline_json(sections: list[Section]) -> list[dict]:
    nodes = []
    for s in sections:
        node = {"heading": s.heading, "anchor": s.anchor, "children": outline_json(s.children)}
        if s.is_box:
            node["kind"] = "box"
        if s.flags:
            node["flags"] = list(s.flags)
        nodes.append(node)
    return nodes


def report_json(report: Report) -> dict:
    meta = report.meta
    region = asdict(meta.region) if meta.region else None
    return {
        "id": report.id,
        "url": report.url,
        "doc_type": meta.doc_type,
        "title": meta.title,
        "title_inferred": meta.title_inferred,
        "region": region,
        "year": meta.year,
        "date": meta.date,
        "period": meta.period,
        "meeting": meta.meeting,
        "speaker": meta.speaker,
        "speaker_title": meta.speaker_title,
        "script": meta.script,
        "truncated": report.truncated,
        "source": {"file": report.source_file, "lines": list(report.source_lines),
                   "listing_date": report.listing_date},
        "outline": outline_json(report.outline.sections),
        "targets": [asdict(t) for t in report.targets],
        "repairs": len(report.repairs),
    }


def section_rows(report: Report) -> list[dict]:
    """One row per section for sections.jsonl: plain text, with its path of headings."""
    rows = []
    if report.outline.preamble:
        rows.append({"report": report.id, "anchor": "preamble", "path": [],
                     "text": "\n".join(p.text for p in report.outline.preamble)})

    def walk(sections: list[Section], path: list[str]) -> None:
        for s in sections:
            rows.append({"report": report.id, "anchor": s.anchor, "path": path + [s.heading],
                         "text": "\n".join(p.text for p in s.paragraphs)})
            walk(s.children, path + [s.heading])

    walk(report.outline.sections, [])
    if report.meta.script == "traditional":  # a simplified form for search and comparison
        for row in rows:
            row["text_simplified"] = to_simplified(row["text"])
            row["path_simplified"] = [to_simplified(h) for h in row["path"]]
    return rows


def render_markdown_pages(site_src: Path) -> list[tuple[str, str, str]]:
    """(slug, title, html) for every Markdown page in site_src, markdown-it with HTML off."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    pages = []
    for path in sorted(site_src.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")),
                     path.stem)
        pages.append((path.stem, title, md.render(text)))
    return pages


def render_site(site: Site, env: jinja2.Environment, site_src: Path) -> dict[str, str]:
    """Every page of the site, as {path relative to the output folder: text}."""
    files: dict[str, str] = {}
    pages = render_markdown_pages(site_src)
    nav = [(slug, title) for slug, title, _ in pages]
    common = {"nav_pages": nav, "site": site}
    for report in site.reports:
        files[f"reports/{report.id}/index.html"] = env.get_template("report.html").render(
            report=report, meta=report.meta, related=site.related(report), **common)
    files["index.html"] = env.get_template("index.html").render(
        matrix=home_matrix(site), **common)
    files.update(render_region_pages(site, env, common))
    for year, reports in site.by_year.items():
        files[f"years/{year}/index.html"] = env.get_template("year.html").render(
            year=year, reports=reports, **common)
    files["404.html"] = env.get_template("404.html").render(**common)
    for slug, title, html in pages:
        files[f"{slug}/index.html"] = env.get_template("page.html").render(
            title=title, body=html, **common)
    files["data/reports.json"] = to_json({"documents": [report_json(r) for r in site.reports]}) + "\n"
    files["data/sections.jsonl"] = "".join(
        to_json(row) + "\n" for r in site.reports for row in section_rows(r))
    return files


def render_region_pages(site: Site, env: jinja2.Environment, common: dict) -> dict[str, str]:
    """A page per region (its reports by year, parent and child regions, news) and an index."""
    files = {}
    template = env.get_template("region.html")
    for name, region in site.regions.items():
        reports = site.by_region[name]
        files[f"regions/{site.region_slugs[name]}/index.html"] = template.render(
            region=region,
            reports=[r for r in reports if r.meta.doc_type != "news"],
            news=site.news_about(name),
            children=site.children.get(name, []), **common)
    provinces: dict[str, list] = {}
    for name, region in site.regions.items():
        provinces.setdefault(region.province or "其他", []).append(region)
    files["regions/index.html"] = env.get_template("regions.html").render(
        provinces=sorted(provinces.items()), **common)
    return files


def home_matrix(site: Site) -> dict:
    """Region × year table of the reports, grouped by province; news listed apart."""
    years = sorted(site.by_year)
    provinces: dict[str, list] = {}
    for name, reports in site.by_region.items():
        region = site.regions[name]
        docs = [r for r in reports if r.meta.doc_type != "news"]
        if not docs:
            continue
        cells = {y: [r for r in docs if r.meta.year == y] for y in years}
        provinces.setdefault(region.province or "其他", []).append(
            {"region": region, "cells": cells, "undated": [r for r in docs if not r.meta.year]})
    news = [r for r in site.reports if r.meta.doc_type == "news"]
    return {"years": years, "provinces": sorted(provinces.items()), "news": news}


