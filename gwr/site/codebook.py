"""The codebook of the downloads, and the Frictionless data package that describes them.

One list of the columns of `targets.csv` and the fields of the JSON files, each with its type
and meaning, makes the codebook page, `data/codebook.json` and `data/datapackage.json` (a
Frictionless Data Package: targets.csv with its Table Schema, the JSON files as resources), and
names the columns `targets.csv` is written with: the three never disagree.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema types: string, integer, number, boolean, object, array
    description: str
    enum: tuple[str, ...] = ()  # the values it may take, where they are few


@dataclass(frozen=True)
class Download:
    path: str  # below the site's root
    title: str
    format: str  # csv, json, jsonl
    description: str
    fields: tuple[Field, ...]


TARGET_COLUMNS = (
    Field("region", "string", "地区名称 region (宁波市)"),
    Field("province", "string", "所属省份 province; empty for the national government"),
    Field("level", "string", "地区层级 level", ("national", "province", "prefecture", "county", "district")),
    Field("year", "integer", "目标所属年份 the year the target is for (its report's year)"),
    Field("indicator", "string", "指标 indicator", (
        "gdp_growth", "fiscal_revenue_growth", "fixed_asset_investment_growth", "retail_sales_growth",
        "industrial_value_added_growth", "trade_growth", "cpi", "unemployment", "new_urban_jobs",
        "income_growth", "energy_intensity", "rd_intensity", "grain_output")),
    Field("indicator_name", "string", "指标中文名 the indicator's Chinese name"),
    Field("scope", "string", "口径 scope: income urban / rural / all; unemployment surveyed (调查) / registered (登记)",
          ("", "all", "urban", "rural", "surveyed", "registered")),
    Field("status", "string", "目标状态 stated; not set: the report says it sets no target (没有提出…目标); "
                              "empty: no target found, only an outcome", ("", "stated", "not set")),
    Field("report_id", "string", "提出目标的报告编号 the id of the report that set the target (reports.json)"),
    Field("position", "string", "目标位置 main: the report's list of main targets; plan: later, in its work plan",
          ("", "main", "plan")),
    Field("target_low", "number", "区间下限 a range's lower end (5%—5.5%: 5)"),
    Field("target_value", "number", "目标值 the target's figure (a range's upper end); empty for a qualitative aim"),
    Field("unit", "string", "单位 unit: %, 万人, 万吨, 亿斤 …"),
    Field("qualifier", "string", "限定词，照原文 qualifier as printed: 左右, 以上, 以内, 力争, 确保 …, 区间 for a range, "
                                 "the words of a qualitative aim (与经济增长同步)"),
    Field("hardness", "string", "约束程度 hardness: hard (以上, 以内, 确保, none), soft (左右, 力争), range, qualitative",
          ("", "hard", "soft", "range", "qualitative")),
    Field("target_text", "string", "目标原文 the words the target was read from: the indicator's name and the clause of its figure (a level between them, 突破2000亿元, is left out; the paragraph at target_url has them all)"),
    Field("target_url", "string", "目标所在段落的网址 the address of the paragraph"),
    Field("outcome_report_id", "string", "次年报告编号 the id of the next year's report, which gives the outcome"),
    Field("outcome_value", "number", "实绩 the outcome as the next year's report gives it"),
    Field("outcome_qualifier", "string", "实绩限定词 the outcome's qualifier: 左右, 接近 (just short), 超过 or 突破 (just past) …"),
    Field("outcome_estimate", "string", "实绩是否为预计数 yes: an estimate (预计, 初步测算); no: as reported", ("", "yes", "no")),
    Field("outcome_text", "string", "实绩原文 the words the outcome was read from, as target_text (the sentence's 预计 is in outcome_estimate)"),
    Field("outcome_url", "string", "实绩所在段落的网址 the address of its paragraph"),
    Field("verdict", "string", "是否达成 met / missed / not comparable (an aim, another unit); empty without both "
                               "(rules on the targets page)", ("", "met", "missed", "not comparable")),
)

TERM_TREND_COLUMNS = (
    Field("term", "string", "术语 the glossary term"),
    Field("slug", "string", "术语页地址 its page: /glossary/<slug>/"),
    Field("year", "string", "年份 the year, every year from the corpus's first to its last; 年份不详 for documents without one"),
    Field("reports", "integer", "报告篇数 reports of that year (work and plan reports)"),
    Field("reports_mentioning", "integer", "提及篇数 reports that use the term"),
    Field("occurrences", "integer", "出现次数 the term's occurrences in those reports, headings and paragraphs (its aliases included)"),
    Field("characters", "integer", "字数 characters of those reports' text, section by section"),
    Field("per_10k_chars", "number", "每万字 occurrences per 10,000 characters; empty in a year without reports"),
    Field("per_report", "number", "每篇 occurrences per report; empty in a year without reports"),
    Field("news", "integer", "新闻与决议篇数 news items and resolutions of that year, counted apart"),
    Field("news_mentioning", "integer", "其中提及 those that use the term"),
    Field("news_occurrences", "integer", "新闻与决议中出现次数 the term's occurrences in them"),
)

DOWNLOADS = (
    Download("data/targets.csv", "目标与实绩 targets and outcomes", "csv",
             "每个地区、年份、指标一行（城镇、农村收入各一行）：目标与次年报告所述实绩，与目标页一致。UTF-8，带 BOM。", TARGET_COLUMNS),
    Download("data/term-trends.csv", "术语趋势 term trends", "csv",
             "每个术语、每个年份一行：报告中的出现次数、每万字、每篇，新闻与决议单列；术语页图表的数据。UTF-8，带 BOM。",
             TERM_TREND_COLUMNS),
    Download("data/reports.json", "文档 documents", "json", "{\"documents\": [...]}，每篇文档一条。", (
        Field("id", "string", "文档编号 the document's id, its page /reports/<id>/"),
        Field("url", "string", "站内路径 its page's path on the site"),
        Field("permalink", "string", "完整网址 its page's published address"),
        Field("doc_type", "string", "类型 type", ("work_report", "plan_report", "news", "resolution")),
        Field("title", "string", "标题 title"),
        Field("title_inferred", "boolean", "标题是否推断 whether the title was inferred (the source gave none)"),
        Field("region", "object", "地区 region: name, level, province, parent, code, anonymized"),
        Field("year", "integer", "年份 year"),
        Field("period", "string", "时段 period: 上半年 / 下半年 for a mid-year report, else null"),
        Field("date", "string", "报告日期 the day it was delivered (YYYY-MM-DD)"),
        Field("meeting", "string", "会议 the meeting it was delivered at"),
        Field("speaker", "string", "报告人 speaker"),
        Field("speaker_title", "string", "报告人职务 the speaker's office (市长)"),
        Field("script", "string", "字形 script of the original", ("simplified", "traditional")),
        Field("truncated", "boolean", "原文是否不完整 whether its source cut it off"),
        Field("source", "object", "来源 source: file, lines, place (第 3–80 行, 第 2–41 段, 第 1 页第 3 行…), url and "
                                  "page (a web page's address, title, date, source), also (other copies)"),
        Field("outline", "array", "提纲 outline: headings with anchors, nested"),
        Field("appendix", "array", "附件 appendix: headings and anchors of what follows the report (附件, 名词解释)"),
        Field("targets", "array", "主要目标 targets: indicator, value, low, unit, qualifier, hardness, scope, position, "
                                  "text, anchor"),
        Field("outcomes", "array", "上一年实绩 last year's outcomes, as targets, with estimate"),
        Field("targets_not_set", "array", "未设定的目标 indicators the report says it sets no target for"),
        Field("keywords", "array", "关键词 keywords"),
        Field("terms", "object", "术语出现次数 glossary term counts"),
        Field("repairs", "integer", "文本修复处数 how many repairs the text needed (listed on its page and in build-report.json)"),
    )),
    Download("data/sections.jsonl", "章节全文 sections", "jsonl", "每节一行（JSON Lines）。", (
        Field("report", "string", "文档编号 the document's id"),
        Field("anchor", "string", "锚点 the section's anchor (s2-1), preamble for the text before the first heading"),
        Field("path", "array", "标题路径 the headings above it"),
        Field("text", "string", "纯文本 its plain text"),
        Field("text_simplified", "string", "简体文本 its text in simplified characters (traditional reports only)"),
    )),
    Download("data/build-report.json", "构建记录 build report", "json",
             "每个来源文件：编码、校验和、文档、删除的网页杂项（原因、位置）、修复、字符去向。", (
                 Field("files", "array", "来源文件 the files read: file, encoding, sha256, lines, characters, documents, "
                                         "removed, repairs"),
                 Field("warnings", "array", "警告 warnings, each naming its file"),
             )),
)


def codebook_json() -> str:
    return json.dumps({"downloads": [asdict(d) for d in DOWNLOADS]}, ensure_ascii=False, indent=1) + "\n"


def datapackage_json(site_title: str, homepage: str) -> str:
    """A Frictionless Data Package (v1): targets.csv as a tabular resource with its schema,
    the JSON files as resources."""
    resources = []
    for download in DOWNLOADS:
        name = download.path.split("/")[-1].replace(".", "-")
        resource = {"name": name, "path": download.path.split("/")[-1], "title": download.title,
                    "description": download.description, "format": download.format, "encoding": "utf-8",
                    "mediatype": {"csv": "text/csv", "json": "application/json", "jsonl": "application/jsonl"}[download.format]}
        if download.format == "csv":
            resource.update(profile="tabular-data-resource", dialect={"delimiter": ",", "header": True},
                            schema={"fields": [_table_field(f) for f in download.fields], "missingValues": [""]})
        else:  # a JSON document is read whole (never as a Frictionless report, whatever its name); JSON Lines as rows
            resource["type"] = "json" if download.format == "json" else "table"
        resources.append(resource)
    package = {"profile": "data-package", "name": "gwr-reader-data", "title": site_title,
               "homepage": homepage, "licenses": [{"name": "public-domain", "title": "政府工作报告为公开文件"}],
               "resources": resources}
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def _table_field(field: Field) -> dict:
    described = {"name": field.name, "type": field.type, "description": field.description}
    if field.enum:
        described["constraints"] = {"enum": [value for value in field.enum if value]}
    return described
