"""Stage 6: what a report says about numbers: its targets, its results, and the role of each part.

A target sentence names a planned figure (主要预期目标是：地区生产总值增长6.5%左右). Results
of the past year (预计，地区生产总值增长3.6%左右) use the same words, so a sentence counts as
a target only when it speaks of goals; the report's targets are its main list of the year's
goals (not a five-year plan's), read item by item by gwr.parse.targets. The outcome a report
gives for the year before is read the same way from the parts that look back.

Every part of a report has a role: `result` (what was achieved: 2019年工作回顾, 执行情况)
or `target` (what is planned: 2020年目标任务, 重点工作). Numbers take the role of the part
they stand in, unless their own sentence says otherwise (预计完成 in a plan, 力争 in a review).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gwr.lexicon.textnorm import YEAR_MENTION, fold
from gwr.model import Outline, Section, Target
from gwr.parse.outline import iter_sections
from gwr.parse.targets import clause_targets, in_indicator_order, targets_not_set

GOAL_WORDS = re.compile(r"(预期目标|主要目标|目标是|目标为|目标建议|建议为|力争|确保|奋力实现|预期)")
RESULT_WORDS = re.compile(r"(预计|完成|实现了|初步测算|初步核算|比上年|同比)")

RESULT_HEADING = re.compile(r"回顾|过去|成绩|成效|成就|总结|执行情况|完成情况|主要工作$")
TARGET_HEADING = re.compile(r"目标|任务|安排|要求|打算|思路|建议|展望|部署|计划|重点|今后")
# Words by which a sentence overrides its part's role: a strong word for the other role and
# no weak word for its own. A review says 争取地方政府债券123亿元 (secured), 完成了全年
# 主要目标 and 增速高于预期目标; a plan says 能耗比上年下降3% and 确保完成.
STRONG_RESULT = re.compile(r"预计|完成了|实现了|达到了|累计|初步核算|初步测算")
WEAK_RESULT = re.compile(r"预计|完成|实现|达到了|比上年|同比|累计|初步核算|初步测算|(?:高于|超过|好于|超出)预期")
STRONG_TARGET = re.compile(r"力争|预期目标|主要目标|目标是|目标为")
WEAK_TARGET = re.compile(r"力争|目标|预期|确保|争取|计划")


def heading_role(heading: str, year: int | None) -> str | None:
    """The role a heading gives its part, or None when the heading does not say."""
    folded = fold(heading)
    match = YEAR_MENTION.search(folded)
    if RESULT_HEADING.search(folded):
        # 2026年主要工作 in the report of 2026 plans; 2025年主要工作回顾 looks back
        return "target" if match and year and int(match.group(1)) >= year and not re.search(r"回顾|成绩|成效|成就|总结", folded) \
            else "result"
    if TARGET_HEADING.search(folded):
        return "target"
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


@dataclass(frozen=True)
class RoleSentence:
    folded: str
    role: str  # its own, or its part's
    anchor: str
    opens_text: bool  # the first sentence of its heading or paragraph
    five_year_part: bool = False  # in a part whose heading speaks of five years (“十四五”时期…)


# Sentence ends once folded: NFKC makes ；！？ into ;!?
FOLDED_SENTENCE_END = re.compile(r"(?<=[。;!?])")


def role_sentences(outline: Outline, year: int | None) -> list[RoleSentence]:
    """Every sentence of the preamble, the headings and the paragraphs, folded, with its role,
    in reading order: what targets and outcomes are read from. Each text is folded once."""
    five_years = five_year_parts(outline)
    return [RoleSentence(sentence, folded_sentence_role(sentence, role), anchor, number == 0, anchor in five_years)
            for text, role, anchor in texts_with_roles(outline, year)
            for number, sentence in enumerate(s for s in FOLDED_SENTENCE_END.split(fold(text)) if s)]


def five_year_parts(outline: Outline) -> set[str]:
    """Anchors of the headings and paragraphs of the parts whose heading, or a heading above
    theirs, speaks of a five-year plan (“十四五”时期发展成就, 过去五年) and of no single year:
    2025年工作回顾和“十四五”时期发展成就 reviews both, each paragraph saying which."""
    found: set[str] = set()

    def walk(sections: list[Section], inherited: bool) -> None:
        for section in sections:
            heading = fold(section.heading)
            five = inherited or bool(FIVE_YEAR_FIGURES.search(heading) and not YEAR_MENTION.search(heading))
            if five:
                found.add(section.anchor)
                found.update(p.anchor for p in section.paragraphs if p.anchor)
            walk(section.children, five)
    walk(outline.sections, False)
    return found


@dataclass
class GoalBlock:
    """A sentence that speaks of goals and the sentences after it in its paragraph."""
    goal: str  # the folded sentence that speaks of goals
    sentences: list[tuple[str, str]]  # (folded sentence, anchor), the goal's first

    @property
    def annual(self) -> bool:
        """Not the goals of a five-year plan or a later year (十五五, 年均, 到2030年, 纲要), as the
        words before its list say (an item may speak of 年均浓度 or 十五五考核目标)."""
        return not FIVE_YEAR_GOALS.search(self.goal.split(":")[0])


# How a report opens its list of the year's targets (not 增速高于预期目标, a review's words).
LIST_INTRO = re.compile(r"(?<!高于)(?<!超过)(?<!完成)(?:主要)?(?:预期)?目标(?:建议)?(?:是|为|:)|目标建议|建议为")
# A goal sentence of the five-year plan a report presents beside the year's.
FIVE_YEAR_GOALS = re.compile(r"十[一二三四五六七八九]五|年均|到20\d\d年|20\d\d年(?:前|以前)|五年|未来|纲要")


def _goal_blocks(sentences: list[RoleSentence]) -> list[GoalBlock]:
    blocks: list[GoalBlock] = []
    listing = announced = False
    for sentence in sentences:
        folded = sentence.folded
        if sentence.opens_text:
            # a goal that ends in a colon (主要预期目标是：) has its list in the next paragraph
            listing, announced = announced, False
        goal = (sentence.role == "target" and GOAL_WORDS.search(folded)
                and not RESULT_WORDS.search(folded.split("目标")[0][-6:]))
        if goal:
            blocks.append(GoalBlock(folded, []))
            announced = folded.endswith(":")
        listing = listing or bool(goal)  # the sentences after a goal in its paragraph are its list, whatever their words
        if listing:
            blocks[-1].sentences.append((folded, sentence.anchor))
    return blocks


def extract_targets(sentences: list[RoleSentence]) -> list[Target]:
    """The year's targets, item by item (gwr.parse.targets): those of the report's list of main
    targets (the first block of goals for the year that states two or more, one that opens it
    as a list, 主要预期目标是：, first); a report without such a list gives the first per
    indicator (and scope: urban and rural incomes) of its sentences that plan, in the work plan."""
    blocks = [b for b in _goal_blocks(sentences) if b.annual]
    stated = [[t for folded, anchor in b.sentences for t in clause_targets(folded, anchor)] for b in blocks]
    lists = [(b, t) for b, t in zip(blocks, stated) if len(t) >= 2]
    main = next((t for b, t in lists if LIST_INTRO.search(b.goal)), None) or next((t for _, t in lists), None)
    position = "main" if main is not None else "plan"
    found: dict[tuple[str, str], Target] = {}
    for target in main if main is not None else [t for block in stated for t in block]:
        found.setdefault((target.indicator, target.scope), replace(target, position=position))
    return in_indicator_order(found.values())


def extract_targets_not_set(sentences: list[RoleSentence]) -> tuple[str, ...]:
    """The indicators a plan says it sets no target for this year (没有提出全年经济增速具体目标)."""
    found: list[str] = []
    for sentence in sentences:
        if sentence.role == "target":
            found += [indicator for indicator in targets_not_set(sentence.folded) if indicator not in found]
    return tuple(found)


def five_year_sentences(sentences: list[RoleSentence]) -> set[int]:
    """Positions of the sentences that give five years' figures: those of a paragraph that opens
    on them (过去五年，…) or, in a part about a five-year plan, speaks of them anywhere (居民收入
    年均增长6.1%，…城镇新增就业261.6万人); and, as a review of both the year and five years
    runs, those from one that starts on five years (这五年，…) to one that starts on a single
    year (2012年，…; 各位代表！刚刚过去的2025年…). A sentence on five years late in a paragraph
    about the year (…五年来，我们以雷霆之势向污染亮剑) runs to the paragraph's end only."""
    paragraphs: set[str] = set()
    in_run: set[int] = set()
    five_years = carries = opening = False
    paragraph, lead_in = None, True  # lead_in: nothing yet in the paragraph but an address or a word on five years
    for position, sentence in enumerate(sentences):
        if sentence.anchor != paragraph:
            paragraph, lead_in = sentence.anchor, True
            five_years = five_years and carries
        speaks = FIVE_YEAR_FIGURES.search(sentence.folded)
        # 累计 may sum a single year (全年累计): it marks its sentence, not its paragraph
        of_five_years = bool(speaks) and speaks.group(0) != "累计"
        opens = sentence.opens_text or opening  # 各位代表！刚刚过去的2025年… opens on its second sentence
        single_year = bool(SINGLE_YEAR_START.match(sentence.folded)) or (opens and bool(ONE_YEAR.search(sentence.folded)))
        if FIVE_YEAR_START.match(sentence.folded):
            five_years, carries = True, lead_in
        elif single_year:  # 2025年是“十四五”收官之年
            five_years = False
        opening = bool(ADDRESS.match(sentence.folded))
        lead_in = lead_in and (opening or of_five_years)
        if five_years and not opening:
            in_run.add(position)
        if sentence.anchor and of_five_years and ((opens and not single_year) or sentence.five_year_part):
            paragraphs.add(sentence.anchor)
    return in_run | {position for position, sentence in enumerate(sentences) if sentence.anchor in paragraphs}


ESTIMATE = re.compile(r"预计|初步测算|预测")
# The year just past, in words: 一年来, 过去一年, 去年
LAST_YEAR = r"一年来|过去的?一年|去年"
# How a paragraph that reviews a single year opens (2025年，…; 一年来; 过去一年), and a sentence
# that starts on one (2012年，…; 各位代表！刚刚过去的2025年…; not 2021年至2025年)
ONE_YEAR = re.compile(rf"(?:19|20)\d\d年(?!以来|来)|{LAST_YEAR}")
SINGLE_YEAR_START = re.compile(rf"(?:各位代表[!,:])?(?:刚刚)?(?:{LAST_YEAR}|(?:19|20)\d\d年(?!以来|来|至|到|-|—))")
FIVE_YEAR_START = re.compile(r"[“\"]?(?:这|过去的?)?五年|[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间|以来)")
ADDRESS = re.compile(r"各位代表[!:]$")
# A review's figures for five years (十四五时期, 五年来, 年均, 累计), not for the year before;
# 近五年最高 only compares the year's figure with them
FIVE_YEAR_FIGURES = re.compile(r"十[一二三四五六七八九]五|(?<!近)五年|年均(?!浓度|值)|累计")


def extract_outcomes(sentences: list[RoleSentence]) -> list[Target]:
    """What the report says was achieved last year: the first figure per indicator (and scope)
    in a sentence that looks back, read item by item as targets are, marked an estimate where
    the sentence says so (预计, 初步测算) and with its qualifier (接近, 超过, 左右). Five-year
    averages (年均) and aims without a figure are no outcome."""
    found: dict[tuple[str, str], Target] = {}
    planned = {sentence for block in _goal_blocks(sentences) for sentence in block.sentences}
    five_years = five_year_sentences(sentences)
    for position, sentence in enumerate(sentences):
        if (sentence.role != "result" or (sentence.folded, sentence.anchor) in planned
                or position in five_years or FIVE_YEAR_FIGURES.search(sentence.folded)):
            continue
        for outcome in clause_targets(sentence.folded, sentence.anchor):
            if outcome.value is not None:
                found.setdefault((outcome.indicator, outcome.scope),
                                 replace(outcome, hardness="", estimate=bool(ESTIMATE.search(sentence.folded))))
    return in_indicator_order(found.values())
