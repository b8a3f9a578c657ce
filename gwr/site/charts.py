"""Small bar charts drawn at build time as inline SVG: no chart library in the browser.

Labels come from the corpus (region names), so every piece of text is escaped; the chart
carries a <title> and an aria-label, and the figures are also in a table beside it.
"""
from __future__ import annotations

from markupsafe import Markup, escape

ROW = 22
LABEL_WIDTH = 96
BAR_WIDTH = 220
VALUE_WIDTH = 40


CHARACTER = 13  # a Chinese character's width in the charts' 12px type, with room


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Markup:
    """Horizontal bars, one row per (label, count), scaled to the largest count; the labels'
    column as wide as the longest (新疆维吾尔自治区 whole)."""
    if not rows:
        return Markup("")
    top = max(count for _, count in rows) or 1
    label_width = max(LABEL_WIDTH, max(len(label) for label, _ in rows) * CHARACTER + 8)
    width = label_width + BAR_WIDTH + VALUE_WIDTH
    height = ROW * len(rows) + 4
    parts = [Markup('<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
                    'aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>')
             .format(w=width, h=height, t=title)]
    for i, (label, count) in enumerate(rows):
        y = 2 + i * ROW
        bar = max(1, round(BAR_WIDTH * count / top))
        parts.append(Markup(
            '<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
            '<rect x="{bx}" y="{ry}" width="{bw}" height="{bh}"></rect>'
            '<text x="{vx}" y="{ty}">{count}</text>').format(
                lx=label_width - 6, ty=y + 15, label=escape(label), bx=label_width, ry=y + 3,
                bw=bar, bh=ROW - 6, vx=label_width + bar + 4, count=count))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


YEAR_CHART_HEIGHT = 180
YEAR_AXIS = 30  # below the bars: the years
YEAR_LABELS = 12  # at most so many year labels fit, at a size a phone can read


def year_chart(title: str, rows: list[tuple[str, float | None]]) -> Markup:
    """Vertical bars, a year a bar, every year given: a year whose value is None (no report)
    is marked 无 on the axis rather than left out."""
    if not rows:
        return Markup("")
    top = max((value for _, value in rows if value), default=0) or 1
    width, left, plot = 760, 40, YEAR_CHART_HEIGHT - YEAR_AXIS - 12
    slot = (width - left) / len(rows)
    every = -(-len(rows) // YEAR_LABELS)
    parts = [Markup('<svg class="chart years" role="img" viewBox="0 0 {w} {h}" aria-label="{t}" '
                    'xmlns="http://www.w3.org/2000/svg"><title>{t}</title>'
                    '<text x="{l}" y="20" text-anchor="end" class="tick">{top}</text>'
                    '<line x1="{l}" y1="{base}" x2="{w}" y2="{base}" class="axis"></line>')
             .format(w=width, h=YEAR_CHART_HEIGHT, t=title, l=left - 4, top=f"{top:.1f}", base=12 + plot)]
    for i, (year, value) in enumerate(rows):
        x = left + i * slot
        if value is None:
            parts.append(Markup('<text x="{x:.1f}" y="{y}" text-anchor="middle" class="none">无<title>{year}年：无报告</title></text>')
                         .format(x=x + slot / 2, y=12 + plot - 3, year=escape(year)))
        else:
            h = max(1.0 if value else 0.0, value / top * plot)
            parts.append(Markup('<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}"><title>{year}年：{v:.2f}</title></rect>')
                         .format(x=x + slot * 0.15, y=12 + plot - h, bw=max(1.0, slot * 0.7), h=h, year=escape(year), v=value))
        if i % every == 0:
            parts.append(Markup('<text x="{x:.1f}" y="{y}" text-anchor="middle" class="tick">{year}</text>')
                         .format(x=x + slot / 2, y=12 + plot + 16, year=escape(year)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
