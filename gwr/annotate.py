"""Stage 6: annotations of a report. For now: the main targets the report sets.

A target sentence names a planned figure (主要预期目标是：地区生产总值增长6.5%左右). Results
of the past year (预计，地区生产总值增长3.6%左右) use the same words, so a sentence counts as
a target only when it speaks of goals, and targets are taken from the first such sentence.
"""
from __future__ import annotations

import re

from .model import Outline, Target
from .outline import iter_sections
from .textnorm import fold

NUMBER = r"(\d+(?:\.\d+)?)"
INDICATORS = {
    "gdp_growth": r"(?:地区生产总值|国内生产总值|生产总值|GDP|经济增长|经济增速)",
    "fiscal_revenue_growth": r"(?:一般公共预算收入|地方一般公共预算收入|财政收入|财政总收入)",
    "fixed_investment_growth": r"(?:固定资产投资)",
    "retail_sales_growth": r"(?:社会消费品零售总额)",
    "cpi": r"(?:居民消费价格涨幅|居民消费价格|CPI)",
    "income_growth": r"(?:居民人均可支配收入|城乡居民收入|居民收入)",
}
GOAL_WORDS = re.compile(r"(预期目标|主要目标|目标是|目标为|目标建议|建议为|力争|确保|奋力实现|预期)")
RESULT_WORDS = re.compile(r"(预计|完成|实现了|初步测算|初步核算|比上年|同比)")
QUALIFIERS = ("左右", "以上", "以内", "上下")


def _target_pattern(indicator: str) -> re.Pattern:
    return re.compile(
        INDICATORS[indicator]
        # a level may stand between the indicator and its growth: 突破2000亿元，增长8.5%
        + r"(?:[^。；;，,]{0,10}?|[^。；;]{0,16}?[，,])(?<!年均)(?:增长|增速|上涨|涨幅|控制在)[^。；;\d]{0,6}?"
        + NUMBER + r"%?(?:[-—–~～至到]" + NUMBER + r"%)?%?(左右|以上|以内|上下)?"
    )


PATTERNS = {name: _target_pattern(name) for name in INDICATORS}


def sentences(outline: Outline):
    for p in outline.preamble:
        yield from re.split(r"(?<=[。；])", p.text)
    for section in iter_sections(outline.sections):
        yield from re.split(r"(?<=[。；])", section.heading)
        for p in section.paragraphs:
            yield from re.split(r"(?<=[。；])", p.text)


def extract_targets(outline: Outline) -> list[Target]:
    targets: dict[str, Target] = {}
    for sentence in sentences(outline):
        folded = fold(sentence)
        if not GOAL_WORDS.search(folded) or RESULT_WORDS.search(folded.split("目标")[0][-6:]):
            continue
        for indicator, pattern in PATTERNS.items():
            if indicator in targets:
                continue
            match = pattern.search(folded)
            if not match:
                continue
            first, second, qualifier = match.group(1), match.group(2), match.group(3)
            if second:
                value, low, qualifier = float(second), float(first), "range"
            else:
                value, low = float(first), None
            targets[indicator] = Target(indicator, value, low, qualifier, match.group(0))
    return [targets[k] for k in INDICATORS if k in targets]
