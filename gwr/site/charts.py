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


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Markup:
    """Horizontal bars, one row per (label, count), scaled to the largest count."""
    if not rows:
        return Markup("")
    top = max(count for _, count in rows) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
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
                lx=LABEL_WIDTH - 6, ty=y + 15, label=escape(label), bx=LABEL_WIDTH, ry=y + 3,
                bw=bar, bh=ROW - 6, vx=LABEL_WIDTH + bar + 4, count=count))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
