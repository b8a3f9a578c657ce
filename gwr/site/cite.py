"""How a report is cited: a GB/T 7714-2015 reference, BibTeX and RIS (a paragraph's short form,
with its path of headings and number, is written by the page's script, which reads them there).

    宁波市人民政府. 2020年宁波市政府工作报告[R/OL]. (2020-04-27)[2026-12-01]. https://…/reports/ningbo-2020/.

The author is the government that reports (国务院 for the national reports, else the region's
人民政府); the date the day it was delivered, or its year; the address the report's page on
the published site, with the paragraph's anchor when a paragraph is cited; the page the text
was read from, when its input says (a web page's own address), follows as 原网页. The date of
access is the reader's: the page holds ACCESS_DATE, which its script fills in when the text is
copied, so that the built site stays the same whatever the day it is built.
"""
from __future__ import annotations

import re

from gwr.model import Metadata, Report

ACCESS_DATE = "引用日期"  # the placeholder the page's script replaces with the day of copying
DOUBLED = re.compile(r"([。．.，,；;：:])[。．.，,；;：:]+")


def tidy(text: str) -> str:
    """No mark of punctuation doubled (a title ending in 。 before the reference's own .)."""
    return DOUBLED.sub(r"\1", text)


def author(meta: Metadata) -> str:
    region = meta.region
    if region is None:
        return "佚名"  # GB/T 7714's word for an unknown author
    return "国务院" if region.level == "national" else f"{region.name}人民政府"


def issued(meta: Metadata) -> str:
    return meta.date or (str(meta.year) if meta.year else "")


def gbt7714(report: Report, url: str) -> str:
    """The GB/T 7714-2015 reference of a report (an online report, [R/OL]) at `url`; of another
    document (news, a resolution) an online item without an author ([EB/OL])."""
    meta = report.meta
    when = f"({issued(meta)})" if issued(meta) else ""
    by, kind = (f"{author(meta)}. ", "R/OL") if meta.is_report else ("", "EB/OL")
    title = meta.title.rstrip("。．.，,；;：: ")  # a title's own end mark before [R/OL] is none of its
    reference = tidy(f"{by}{title}[{kind}]. {when}[{ACCESS_DATE}]. {url}.")
    if report.page and report.page.url:
        reference += f" 原网页: {report.page.url}"
    return reference


def bibtex(report: Report, url: str) -> str:
    """A BibTeX entry (@techreport, which biblatex reads as a report), the key its id."""
    meta = report.meta
    fields = [("author", "{" + author(meta) + "}"), ("title", meta.title), ("type", "政府工作报告"),
              ("institution", author(meta)), ("year", str(meta.year or "")), ("date", meta.date or ""),
              ("note", meta.meeting or ""), ("url", url), ("urldate", ACCESS_DATE)]
    if report.page and report.page.url:
        fields.append(("howpublished", report.page.url))
    lines = [f"  {name} = {{{_bib_escape(value)}}}," for name, value in fields if value]
    return "@techreport{" + report.id + ",\n" + "\n".join(lines) + "\n}"


def _bib_escape(value: str) -> str:
    # the braces of the author's name are BibTeX's (a body, not a person's name); others are text
    if value.startswith("{") and value.endswith("}"):
        return "{" + _bib_escape(value[1:-1]) + "}"
    return re.sub(r"([\\{}%&$#_])", r"\\\1", value)


def ris(report: Report, url: str) -> str:
    """A RIS record (TY RPRT), as reference managers import it."""
    meta = report.meta
    tags = [("TY", "RPRT"), ("AU", author(meta)), ("TI", meta.title), ("PY", str(meta.year or "")),
            ("DA", (meta.date or "").replace("-", "/")), ("PB", author(meta)), ("N1", meta.meeting or ""),
            ("UR", url), ("Y2", ACCESS_DATE)]
    if report.page and report.page.url:
        tags.append(("L2", report.page.url))
    return "\n".join(f"{tag}  - {value}" for tag, value in tags if value) + "\nER  - \n"
