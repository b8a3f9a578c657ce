"""A report's body as HTML: its paragraphs with their marks, its sections and its table of
contents, for templates/report.html; its outline as links, for templates/compare.html.

Written here rather than as template macros: a report has hundreds of paragraphs and
thousands of marks, and a Jinja macro call and a Markup object per piece cost more than the
rest of the page (2.4 of 4.3 ms a report page). Every piece of text is escaped (escape_text,
markupsafe's escaping without a Markup object per piece); the result is Markup.
"""
from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from markupsafe import Markup

from gwr.config import BaseUrl
from gwr.enrich.link import Site
from gwr.enrich.marks import Annotations
from gwr.lexicon.glossary import Term
from gwr.model import Outline, Paragraph, Report, Section
from gwr.site.compare import ComparedPair

# What each repair is called where a reader sees it.
REPAIR_NAMES = {"pinyin": "删除拼音注音", "mojibake": "修复错位编码", "garbled": "无法完全修复的乱码",
                "spacing": "删除多余空格", "stray": "删除版面残字", "rejoin": "接续断行"}


def escape_text(text: str) -> str:
    """markupsafe.escape's output, as a plain string."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


class TextMarker:
    """Paragraph text as HTML with its marks: every piece of text escaped, marks as elements."""

    def __init__(self, site: Site, notes: Annotations, terms: dict[str, Term], base: BaseUrl):
        self.site, self.notes, self.terms, self.href = site, notes, terms, base.href

    def html(self, report: Report, paragraph: Paragraph) -> Markup:
        return Markup(self.marked_text(report, paragraph))

    def marked_text(self, report: Report, paragraph: Paragraph) -> str:
        text = paragraph.text
        out, pos = [], 0
        for start, end, kind, ref, role in self.notes.marks_of(report, paragraph):
            out.append(escape_text(text[pos:start]))
            out.append(self._element(kind, ref, role, escape_text(text[start:end])))
            pos = end
        out.append(escape_text(text[pos:]))
        return "".join(out)

    def _element(self, kind: str, ref: str, role: str, piece: str) -> str:
        if kind == "term":
            # The definition is said once, in the page's list of terms (site.js shows it on hover).
            return f'<a class="ann term" href="{escape_text(self.href(self.terms[ref].url))}">{piece}</a>'
        if kind == "region":
            return f'<a class="ann region" href="{escape_text(self.href(self.site.region_url(ref)))}">{piece}</a>'
        if kind == "number":
            ledger = " ledger" if ref == "ledger" else ""  # a target's or an outcome's figure
            return f'<span class="ann num {escape_text(role)}{ledger}">{piece}</span>'
        return f'<a class="ann kw" href="{escape_text(self.href(f"/search/?q={quote(ref)}"))}">{piece}</a>'


class ReportBody:
    """The body of one report's page: preamble, sections and appendix, and the table of contents."""

    def __init__(self, report: Report, marker: TextMarker):
        self.report, self.marker = report, marker
        self.repairs_by_line: dict[int, list[str]] = {}
        for repair in report.repairs:
            self.repairs_by_line.setdefault(repair.line, []).append(REPAIR_NAMES.get(repair.kind, repair.kind))

    def repairs(self, paragraph: Paragraph) -> list[str]:
        """The names of the repairs made to the source lines of a paragraph."""
        return sorted({kind for line in range(paragraph.first_line, paragraph.last_line + 1)
                       for kind in self.repairs_by_line.get(line, [])})

    def paragraph(self, p: Paragraph) -> str:
        anchor = escape_text(p.anchor)
        lines = f"{p.first_line}" if p.last_line == p.first_line else f"{p.first_line}-{p.last_line}"
        fixes = self.repairs(p)
        fix = f'<span class="fix" title="修复：{escape_text("、".join(fixes))}">修</span>' if fixes else ""
        return (f'<p id="{anchor}" class="para {escape_text(p.kind)}" data-lines="{lines}">'
                f'{self.marker.marked_text(self.report, p)}{fix}'
                f'<a class="pilcrow" href="#{anchor}" aria-label="引用本段">¶</a></p>\n')

    def section(self, s: Section, depth: int) -> str:
        anchor, level = escape_text(s.anchor), min(depth + 1, 6)
        flag = '<span class="flag" title="序号在原文中已损坏，按顺序推断">序号推断</span>' if "number-inferred" in s.flags else ""
        parts = [f'<section id="{anchor}" class="sec depth-{depth}{" box" if s.is_box else ""}">\n',
                 f'  <h{level} class="heading"><span class="htext">{escape_text(s.heading)}</span>{flag}'
                 f'<a class="pilcrow" href="#{anchor}" aria-label="本节链接">§</a></h{level}>\n']
        parts += [self.section(item, depth + 1) if isinstance(item, Section) else self.paragraph(item)
                  for item in s.content()]
        parts.append("</section>\n")
        return "".join(parts)

    def preamble(self) -> Markup:
        return Markup("".join(map(self.paragraph, self.report.outline.preamble)))

    def sections(self) -> Markup:
        return Markup("".join(self.section(s, 1) for s in self.report.outline.sections))

    def appendix(self) -> Markup:
        return Markup("".join(self.section(s, 2) for s in self.report.outline.appendix))


def table_of_contents(outline: Outline) -> Markup:
    """Nested lists of the sections and the appendix (boxes left out), linking to each."""
    def listed(sections: list[Section]) -> str:
        items = [f'  <li><a href="#{escape_text(s.anchor)}">{escape_text(s.heading)}</a>'
                 f'{listed(s.children) if any(not c.is_box for c in s.children) else ""}</li>\n'
                 for s in sections if not s.is_box]
        return "<ol>\n" + "".join(items) + "</ol>\n"
    return Markup(listed(outline.sections + outline.appendix))


def aligned_rows(pair: ComparedPair, href: Callable[[str], str]) -> Markup:
    """The rows of a compare page's aligned outlines (gwr.site.compare.ComparedPair.parts): a
    part of each year side by side, linked to its place, marked 改写, 新增 or 删去. Made here
    rather than in a template macro: a national corpus's pages hold thousands of rows."""
    before_url, after_url = escape_text(href(pair.before.url)), escape_text(href(pair.after.url))
    missing = f'<span class="change">（{pair.before.meta.year}年无此部分）</span>'
    out: list[str] = []

    def rows(parts, depth: int) -> None:
        for row in parts:
            left = (f'<a href="{before_url}#{escape_text(row.before.anchor)}">{escape_text(row.before.heading)}</a>'
                    if row.before else missing)
            if row.after is None:
                right = '<span class="change">删去</span>'
            else:
                mark = {"added": " 新增", "rewritten": " 改写"}.get(row.change, "")
                right = (f'<a href="{after_url}#{escape_text(row.after.anchor)}">{escape_text(row.after.heading)}</a>'
                         + (f' <span class="change">{mark.strip()}</span>' if mark else ""))
            out.append(f'<tr class="part-{row.change} depth-{depth}"><td>{left}</td><td>{right}</td></tr>')
            rows(row.children, depth + 1)

    rows(pair.parts, 0)
    return Markup("\n".join(out))
