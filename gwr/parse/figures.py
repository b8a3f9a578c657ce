"""Stage 6: what a report says about numbers: its targets, its results, and the role of each part.

A target sentence names a planned figure (主要预期目标是：地区生产总值增长6.5%左右). Results
of the past year (预计，地区生产总值增长3.6%左右) use the same words, so a sentence counts as
a target only when it speaks of goals, and targets are taken from the first such sentence.
The outcome a report gives for the year before is read from the parts that look back.

Every part of a report has a role: `result` (what was achieved: 2019年工作回顾, 执行情况)
or `target` (what is planned: 2020年目标任务, 重点工作). Numbers take the role of the part
they stand in, unless their own sentence says otherwise (预计完成 in a plan, 力争 in a review).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gwr.lexicon.textnorm import YEAR_MENTION, fold
from gwr.model import Outline, Section, Target
from gwr.parse.outline import iter_sections

NUMBER = r"(\d+(?:\.\d+)?)"
INDICATORS = {  # indicator -> how reports name it; all but the last two are growth rates
    "gdp_growth": r"(?:地区生产总值|国内生产总值|生产总值|GDP|经济增长|经济增速)",
    "fiscal_revenue_growth": r"(?:一般公共预算收入|地方一般公共预算收入|财政收入|财政总收入)",
    "fixed_investment_growth": r"(?:固定资产投资)",
    "retail_sales_growth": r"(?:社会消费品零售总额)",
    "trade_growth": r"(?:外贸进出口总额|进出口总额|进出口总值|外贸进出口|进出口额|进出口)",
    "cpi": r"(?:居民消费价格涨幅|居民消费价格|CPI)",
    "income_growth": r"(?:居民人均可支配收入|城乡居民收入|居民收入)",
    "unemployment": r"(?:城镇调查失业率|城镇登记失业率|调查失业率|登记失业率|失业率)",
    "rd_intensity": r"(?:(?:研发|研究与试验发展|R&D)(?:经费)?(?:投入|支出)?"
                    r"(?:强度|占比|占[^。；;，,\d]{0,10}?比重|相当于[^。；;，,\d]{0,10}?比例|与[^。；;，,\d]{0,10}?之比))",
}
LEVEL_INDICATORS = {"unemployment", "rd_intensity"}  # a share, not a growth: 失业率控制在5%左右
ANY_INDICATOR = "|".join(p[3:-1] for p in INDICATORS.values())  # the alternatives, unwrapped
GOAL_WORDS = re.compile(r"(预期目标|主要目标|目标是|目标为|目标建议|建议为|力争|确保|奋力实现|预期)")
RESULT_WORDS = re.compile(r"(预计|完成|实现了|初步测算|初步核算|比上年|同比)")

RESULT_HEADING = re.compile(r"回顾|过去|成绩|成效|成就|总结|执行情况|完成情况|主要工作$")
TARGET_HEADING = re.compile(r"目标|任务|安排|要求|打算|思路|建议|展望|部署|计划|重点|今后")
# Words by which a sentence overrides its part's role: a strong word for the other role and
# no weak word for its own. A review says 争取地方政府债券123亿元 (secured) and 完成了全年
# 主要目标; a plan says 能耗比上年下降3% and 确保完成.
STRONG_RESULT = re.compile(r"预计|完成了|实现了|达到了|累计|初步核算|初步测算")
WEAK_RESULT = re.compile(r"预计|完成|实现|达到了|比上年|同比|累计|初步核算|初步测算")
STRONG_TARGET = re.compile(r"力争|预期目标|主要目标|目标是|目标为")
WEAK_TARGET = re.compile(r"力争|目标|预期|确保|争取|计划")


def _target_pattern(indicator: str) -> re.Pattern:
    if indicator in LEVEL_INDICATORS:
        verb = r"(?:从[\d.]+%?(?:提高|上升|增加)?到)?[^。；;，,\d]{0,8}?"  # 从1.51%提高到2.05%: the latter
    else:
        # A level may stand between the indicator and its growth (突破3000亿元，达到3122.4亿元，
        # 增长7.9%), but never another growth or indicator: 收入增长与经济增长同步，投资增长6%
        # is no income target, nor is 收入比持续缩小，居民消费价格涨幅3%, nor 总额…其中出口增长.
        verb = (r"(?:(?!增长|增速|涨幅|上涨|同步|控制在|其中|" + ANY_INDICATOR + r")[^。；;]){0,30}?"
                r"(?<!年均)(?:增长|增速|上涨|涨幅|控制在)[^。；;\d]{0,6}?")
    # a single figure must carry its %, so 快于增速0.6个百分点 is no growth rate
    return re.compile(INDICATORS[indicator] + verb + NUMBER
                      + r"(?:%?[-—–~～至到]" + NUMBER + r")?%(左右|以上|以内|上下)?")


PATTERNS = {name: _target_pattern(name) for name in INDICATORS}


def heading_role(heading: str, year: int | None) -> str | None:
    """The role a heading gives its part, or None when the heading does not say."""
    folded = fold(heading)
    if RESULT_HEADING.search(folded):
        return "result"
    if TARGET_HEADING.search(folded):
        return "target"
    match = YEAR_MENTION.search(folded)
    if match and year:
        return "result" if int(match.group(1)) < year else "target"
    return None


def section_roles(outline: Outline, year: int | None) -> dict[str, str]:
    """Role of every section by anchor. A part that does not say takes its elder sibling's
    role (the parts after 目标任务 are the year's tasks), the first one its parent's; the
    highest heading that says decides for everything below it."""
    roles: dict[str, str] = {}

    def walk(sections: list[Section], inherited: str, decided: bool) -> None:
        previous = inherited
        for section in sections:
            # Below a part whose heading decided, headings do not: a review's
            # （二）高质量完成全年各项目标任务 still looks back.
            own = None if decided else heading_role(section.heading, year)
            role = own or previous
            roles[section.anchor] = role
            walk(section.children, role, decided or own is not None)
            previous = role

    walk(outline.sections, "result", False)  # the preamble and a first unnamed part look back
    return roles


def sentence_role(sentence: str, section_role: str) -> str:
    """A sentence's own words win over its part's role: 预计 in a plan, 力争 in a review."""
    return folded_sentence_role(fold(sentence), section_role)


def folded_sentence_role(folded: str, section_role: str) -> str:
    if section_role == "result" and STRONG_TARGET.search(folded) and not WEAK_RESULT.search(folded):
        return "target"
    if section_role == "target" and STRONG_RESULT.search(folded) and not WEAK_TARGET.search(folded):
        return "result"
    return section_role


def texts_with_roles(outline: Outline, year: int | None, headings: bool = True):
    """(text, role of its part, anchor) for the preamble, every heading (unless told not to)
    and every paragraph, in reading order of the outline."""
    roles = section_roles(outline, year)
    for p in outline.preamble:
        yield p.text, "result", p.anchor
    for section in iter_sections(outline.sections):
        role = roles[section.anchor]
        if headings:
            yield section.heading, role, section.anchor
        for p in section.paragraphs:
            yield p.text, role, p.anchor


def _match_target(indicator: str, folded: str, anchor: str) -> Target | None:
    match = PATTERNS[indicator].search(folded)
    if not match:
        return None
    first, second, qualifier = match.group(1), match.group(2), match.group(3)
    if second:
        value, low, qualifier = float(second), float(first), "range"
    else:
        value, low = float(first), None
    return Target(indicator, value, low, qualifier, match.group(0), anchor)


def _first_of_each(sentences) -> list[Target]:
    """sentences: (folded sentence, anchor) pairs."""
    found: dict[str, Target] = {}
    for folded, anchor in sentences:
        for indicator in INDICATORS:
            if indicator not in found and (target := _match_target(indicator, folded, anchor)):
                found[indicator] = target
    return [found[k] for k in INDICATORS if k in found]


@dataclass(frozen=True)
class RoleSentence:
    folded: str
    role: str  # its own, or its part's
    anchor: str
    opens_text: bool  # the first sentence of its heading or paragraph


# Sentence ends once folded: NFKC makes ；！？ into ;!?
FOLDED_SENTENCE_END = re.compile(r"(?<=[。;!?])")


def role_sentences(outline: Outline, year: int | None) -> list[RoleSentence]:
    """Every sentence of the preamble, the headings and the paragraphs, folded, with its role,
    in reading order: what targets and outcomes are read from. Each text is folded once."""
    return [RoleSentence(sentence, folded_sentence_role(sentence, role), anchor, number == 0)
            for text, role, anchor in texts_with_roles(outline, year)
            for number, sentence in enumerate(s for s in FOLDED_SENTENCE_END.split(fold(text)) if s)]


def _planned_sentences(sentences: list[RoleSentence]):
    """Sentences that set goals: one that speaks of goals, and the ones after it in the
    same paragraph (主要预期目标是：生产总值增长6.5%左右；财政收入增长6%；…)."""
    listing = False
    for sentence in sentences:
        folded = sentence.folded
        if sentence.opens_text:
            listing = False
        if sentence.role != "target":
            listing = False
            continue
        if GOAL_WORDS.search(folded) and not RESULT_WORDS.search(folded.split("目标")[0][-6:]):
            listing = True
        if listing:
            yield folded, sentence.anchor


def extract_targets(sentences: list[RoleSentence]) -> list[Target]:
    """The year's targets: the first figure per indicator in a sentence that plans."""
    return _first_of_each(_planned_sentences(sentences))


def extract_outcomes(sentences: list[RoleSentence]) -> list[Target]:
    """What the report says was achieved last year: the first figure per indicator in a
    sentence that looks back. Five-year averages (年均) are skipped by the pattern."""
    return _first_of_each((s.folded, s.anchor) for s in sentences if s.role == "result")
