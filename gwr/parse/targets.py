"""Stage 6 (continued): a report's targets, read item by item from the sentences that plan.

A target list is a run of items between commas and semicolons (主要预期目标是：地区生产总值增长
5%左右，城镇新增就业50万人以上，城镇调查失业率5.5%以内，居民人均可支配收入增长与经济增长同
步…). Each item names an indicator and gives a figure with its unit and qualifier as printed, or
a qualitative aim (与经济增长同步, 实现正增长, 保持稳定). One item may hold two indicators joined by
、, and one indicator two figures (城乡居民人均可支配收入分别增长5%、6.5%左右: urban, rural).

The qualifier decides how binding a target is (`HARDNESS`): a range (5%—5.5%), soft (左右, 上下,
力争, 争取), hard (以上, 以内, 不低于, 不超过, 确保, or a figure with none) or qualitative (no
figure). Texts are folded (gwr.lexicon.textnorm.fold): full-width digits and punctuation are ASCII,
and 百分之五 is read as 5%.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from gwr.model import Target

NUMBER = r"\d+(?:\.\d+)?"
# Indicators in the order a list gives them, each with the names reports use (longest first
# where one name holds another). Growth rates unless LEVELS says otherwise.
INDICATOR_PATTERNS: dict[str, str] = {
    "gdp_growth": r"(?:地区|全省|全市|全区|国内|全州|全盟)?生产总值|GDP|经济增长|经济增速",
    "fiscal_revenue_growth": r"(?:地方)?一般公共预算收入|(?:地方)?财政收入",  # 财政总收入 is a wider measure
    "fixed_asset_investment_growth": r"(?:全社会)?固定资产投资",
    "retail_sales_growth": r"社会消费品零售总额|社零总额",
    "industrial_value_added_growth": r"(?:规模以上|规上|规模)工业增加值|全部工业增加值|工业增加值",
    "trade_growth": r"(?:外贸|货物贸易|货物)?进出口(?:总额|总值|额)?",  # not 服务贸易进出口
    "cpi": r"居民消费价格(?:总水平|指数)?|CPI",
    "unemployment": r"城镇(?:调查|登记)失业率|(?:调查|登记)失业率",
    "new_urban_jobs": r"城镇新增就业(?:人数)?|新增城镇就业",
    "income_growth": r"城镇(?:常住)?居民(?:和|、|与)农村(?:常住)?居民(?:人均)?(?:可支配)?收入|"
                     r"(?:全体|城乡|城镇和农村|城镇、农村|城镇|农村|城市)?(?:常住)?(?:居民|农牧民)(?:人均)?(?:可支配)?收入|"
                     r"(?:城乡|城镇|农村)?(?:常住)?人均可支配收入",
    "energy_intensity": r"单位(?:地区)?(?:生产总值|GDP)能(?:源消)?耗|能耗强度",
    "rd_intensity": r"(?:全社会)?(?:研发|研究与试验发展|R&D)(?:经费)?(?:投入|支出)?(?:强度|占比|占[^,;。:]{0,12}?比重|"
                    r"相当于[^,;。:]{0,12}?(?:比例|比重))",
    "grain_output": r"粮食(?:总)?产量|粮食生产",
}
LEVELS = {"unemployment", "rd_intensity"}  # a share, not a growth
UNITS = {"new_urban_jobs": ("万人",), "grain_output": ("万吨", "亿斤", "万斤", "亿公斤")}
# An indicator's name opens its item: at the start of a clause, after a list's 、 or 和, or after
# words that name no other measure (全年, 全省, 预计, 实现 …). Before anything else it is a part of
# another measure's name: 滨海新区生产总值, 跨境电商进出口额, 装备工业增加值, 低收入农户人均可支配
# 收入, 万元GDP能耗, 工业对经济增长贡献率, or the yardstick of an aim (收入增长与经济增长同步).
OPENING_WORDS = re.compile(r"(?:(?:19|20)\d\d年|全年|今年|去年|上年|全国|全省|全市|全区|全州|全盟|全县|我国|我省|我市|我区|我州|"
                           r"预计|初步测算|初步核算|初步统计|据|经|实现|完成|主要预期目标是|预期目标是|目标是|主要目标是|"
                           r"建议|奋力|争取|力求|全力|力争|确保|努力|推动|促进|保持|要|将|其中|并|以及|同时|一是|二是|三是)+$")
NAME = re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in INDICATOR_PATTERNS.items()))

FIGURE = re.compile(
    rf"(?P<lead>力争|确保|争取|不低于|不超过|超过|突破|高于|低于|接近|达到|控制在|保持在|稳定在)?"
    rf"[^\d]{{0,3}}?(?P<low>{NUMBER})(?:%?(?:[-—–~～至到]|－)(?P<high>{NUMBER}))?"
    rf"(?P<unit>%|万人|万吨|亿斤|万斤|亿公斤)(?P<trail>左右|以上|以内|以下|上下)?")
QUALITATIVE = re.compile(r"(?:与|和|同)经济(?:增长|增速)(?:保持)?(?:基本)?同步|(?:高于|快于)经济增(?:长|速)|"
                         r"(?:高于|快于)全国(?:平均)?(?:水平)?|(?:保持在)?全国平均水平以上|实现正增长|正增长|保持稳定|稳中有升|只增不减|"
                         r"保持合理水平|合理回升|基本稳定")
FIVE_YEARS = re.compile(r"年均|累计|十五五|十四五|到20\d\d年")
HARDNESS = {"区间": "range", "左右": "soft", "上下": "soft", "力争": "soft", "争取": "soft",
            "以上": "hard", "以内": "hard", "以下": "hard", "不低于": "hard", "不超过": "hard", "超过": "hard", "突破": "hard",
            "确保": "hard", "高于": "hard", "低于": "hard", "接近": "soft", "": "hard"}
# A figure that is a share or a contribution, not the indicator's growth: 工业对经济增长贡献率35.1%
SHARE = re.compile(r"贡献率|占比|比重|占全|占[^\d]{0,8}的|比例")
# A fall: its growth is negative (固定资产投资下降3.3%); an energy intensity's target is its fall
FALL = re.compile(r"(?:下降|降低|减少|回落|微降|下滑)[^\d]{0,4}$")
PERCENT_IN_WORDS = re.compile(r"百分之([零一二两三四五六七八九十点]+)")


SCOPE_ORDER = ("", "all", "urban", "rural", "surveyed", "registered")


def in_indicator_order(targets) -> list[Target]:
    """Targets in the order of INDICATOR_PATTERNS (a list's usual order), all incomes before urban and rural."""
    order = list(INDICATOR_PATTERNS)
    return sorted(targets, key=lambda t: (order.index(t.indicator), SCOPE_ORDER.index(t.scope)))


def figures_in_words(folded: str) -> str:
    """百分之五点五 as 5.5%: Chinese numerals of older reports read as digits."""
    def digits(match: re.Match) -> str:
        try:
            return f"{cn2an.cn2an(match.group(1), 'smart'):g}%"
        except (ValueError, KeyError):
            return match.group(0)
    return PERCENT_IN_WORDS.sub(digits, folded) if "百分之" in folded else folded


def scopes(indicator: str, name: str, count: int) -> list[str]:
    """Whom each figure of an item is about: urban and rural incomes, surveyed or registered
    unemployment; "" where the indicator has one kind."""
    if indicator == "unemployment":
        return ["registered" if "登记" in name else "surveyed"] * count
    if indicator != "income_growth":
        return [""] * count
    if count == 2 and ("城乡" in name or ("城镇" in name and "农村" in name)):
        return ["urban", "rural"]
    kind = "urban" if "城镇" in name or "城市" in name else "rural" if "农村" in name or "农牧民" in name else "all"
    return [kind] * count


@dataclass(frozen=True)
class Item:
    """An indicator named in a list item, and the words after its name up to the next one."""
    indicator: str
    name: str
    rest: str
    listed: bool = False  # its name follows a 、: the list began with names of other measures


def opens_item(before: str) -> bool:
    """Whether an indicator's name after `before` (its clause up to the name) opens an item:
    at the clause's start, after a list's 、, or after OPENING_WORDS; not after 和, 与 or 同
    (收入增长和经济增长同步 compares), nor after the name of another measure."""
    return not before or before.endswith("、") or bool(OPENING_WORDS.fullmatch(before))


def items(clause: str) -> list[Item]:
    found = [m for m in NAME.finditer(clause) if opens_item(clause[:m.start()])]
    return [Item(m.lastgroup, m.group(0), clause[m.end():found[i + 1].start() if i + 1 < len(found) else len(clause)],
                 clause[:m.start()].endswith("、"))
            for i, m in enumerate(found)]


def item_targets(item: Item, text: str, anchor: str) -> list[Target]:
    """The targets one item states: a figure (or two, 分别), or a qualitative aim."""
    rest = item.rest
    if FIVE_YEARS.search(rest[:12]):
        return []
    units = UNITS.get(item.indicator, ("%",))
    # 从2.6%提高到2.8%: the figure it starts from is none
    figures = [m for m in FIGURE.finditer(rest) if m.group("unit") in units and not rest[:m.start("low")].endswith("从")
               and not (item.indicator not in LEVELS and SHARE.search(rest[:m.start("low")]))
               and (item.indicator != "energy_intensity" or FALL.search(rest[:m.start("low")]))]  # its fall, not a ratio
    if len(figures) > 1 and "分别" in rest and len(set(scopes(item.indicator, item.name, len(figures)))) < len(figures):
        # 外商直接投资、货物进出口总额分别增长121.4%、23.2%: one measure's figure among others'
        figures = figures[-1:] if item.listed else figures[:1]
    elif "分别" not in rest:
        figures = figures[:1]
    if not figures:
        aim = QUALITATIVE.search(rest)
        if aim is None or item.indicator in LEVELS:
            return []
        return [Target(item.indicator, None, None, aim.group(0), text, anchor, unit="", hardness="qualitative",
                       scope=scopes(item.indicator, item.name, 1)[0])]
    trailing = next((m.group("trail") for m in reversed(figures) if m.group("trail")), None)
    found = []
    for figure, scope in zip(figures, scopes(item.indicator, item.name, len(figures))):
        low, high = figure.group("low"), figure.group("high")
        sign = -1.0 if item.indicator not in LEVELS | {"energy_intensity"} and FALL.search(rest[:figure.start("low")]) else 1.0
        lead = figure.group("lead") if figure.group("lead") in HARDNESS else None
        qualifier = "区间" if high else (figure.group("trail") or trailing or lead or "")
        found.append(Target(item.indicator, sign * float(high or low), sign * float(low) if high else None, qualifier or None,
                            text, anchor, unit=figure.group("unit"), hardness=HARDNESS[qualifier], scope=scope))
    return found


CLAUSE_END = re.compile(r"[,;。:!?]")


# 我们没有提出全年经济增速具体目标 (the national report of 2020): a target explicitly not set
NOT_SET = re.compile(r"(?:没有|不再?|未)(?:提出|设定|设置|设)(?P<what>[^,;。]{0,16}?)(?:具体)?(?:预期)?(?:目标|指标)")


def targets_not_set(folded: str) -> list[str]:
    """The indicators a folded sentence says the report sets no target for."""
    found = []
    for match in NOT_SET.finditer(folded):
        named = NAME.search(match.group("what"))
        if named is not None and named.lastgroup not in found:
            found.append(named.lastgroup)
    return found


def shared_figures(named: list[Item]) -> list[Item]:
    """Items named one after another that share the figures of the last (规上工业增加值、固定资产
    投资分别增长8.2%、5.1%): each given its own, in order."""
    out: list[Item] = []
    waiting: list[Item] = []
    for item in named:
        if not item.rest.strip("、和及"):
            waiting.append(item)
            continue
        figures = list(FIGURE.finditer(item.rest)) if waiting and "分别" in item.rest else []
        lead = item.rest[:figures[0].start("low")] if figures else ""  # 分别增长, 分别下降: each figure's words
        if len(figures) > len(waiting) + 1 and waiting[0].listed:  # the list began with other measures
            figures = figures[-len(waiting) - 1:]
        if len(figures) == len(waiting) + 1:
            starts = [figures[0].start("low")] + [f.end() for f in figures[:-1]]
            out += [Item(w.indicator, w.name, lead + item.rest[starts[i]:figures[i].end()]) for i, w in enumerate(waiting)]
            out.append(Item(item.indicator, item.name, lead + item.rest[starts[-1]:]))
        else:
            out += waiting + [item]
        waiting = []
    return out + waiting


# A clause that narrows the measure of the next: 扣除房地产开发投资后，固定资产投资增长2.7%
NARROWED = re.compile(r"(?:扣除|剔除|除去|不含|不计)[^,;]*后?$")
GROWTH_GOES_ON = re.compile(r"^(?:增长|增速|增幅|上涨|涨幅|下降|降低|控制在)")


def clause_targets(folded: str, anchor: str) -> list[Target]:
    """Every target of a folded sentence, item by item. An item whose figure is a level
    (地区生产总值突破2000亿元) goes on in the next clause when that clause opens with its growth
    (增长8.5%以上)."""
    found: list[Target] = []
    pending: Item | None = None  # the last item, when it stated nothing
    narrowed = False
    for clause in CLAUSE_END.split(figures_in_words(folded)):
        named = [] if narrowed else shared_figures(items(clause))
        narrowed = bool(NARROWED.match(clause))
        if not named and pending is not None:
            if GROWTH_GOES_ON.match(clause):  # 分别达到59028元和34803元, 增长8.5%和9.6%: both growths
                respectively = "分别" if "分别" in pending.rest else ""
                named, clause = [Item(pending.indicator, pending.name, respectively + clause)], pending.name + clause
            elif "%" not in clause:  # another level first: 突破3000亿元, 达到3122.4亿元, 增长7.9%
                continue
        pending = None
        for item in named:
            stated = item_targets(item, clause, anchor)
            found.extend(stated)
            pending = None if stated else item
    return found
