from gwr.model import Outline, Paragraph, Section
from gwr.parse.figures import (extract_outcomes, extract_targets, heading_role, role_sentences, section_roles,
                               sentence_role)


def outline_of(*parts):
    """parts: (heading, [paragraph texts], [children as (heading, [texts])])"""
    sections = []
    for i, (heading, texts, children) in enumerate(parts, 1):
        kids = [Section(h, "paren-cn", j, 0, [Paragraph(t, 0, 0) for t in ts], anchor=f"s{i}-{j}")
                for j, (h, ts) in enumerate(children, 1)]
        sections.append(Section(heading, "cn", i, 0, [Paragraph(t, 0, 0) for t in texts], kids, anchor=f"s{i}"))
    return Outline([], sections)


def test_heading_role_from_words_and_years():
    assert heading_role("一、2019年工作回顾", 2020) == "result"
    assert heading_role("二、2020年主要目标任务", 2020) == "target"
    assert heading_role("一、2023年国民经济和社会发展计划执行情况", 2024) == "result"
    assert heading_role("第二方面：关于下半年工作的主要打算", 2020) == "target"
    assert heading_role("三、加强政府自身建设", 2020) is None


def test_roles_inherit_from_elder_sibling_and_the_deciding_heading():
    outline = outline_of(
        ("一、2019年工作回顾", [], [("（二）高质量完成全年各项目标任务", [])]),
        ("二、2020年目标任务", [], []),
        ("三、加强政府自身建设", [], []),
    )
    roles = section_roles(outline, 2020)
    assert roles == {"s1": "result", "s1-1": "result", "s2": "target", "s3": "target"}


def test_sentence_words_override_the_part():
    assert sentence_role("预计全年完成投资100亿元。", "target") == "result"
    assert sentence_role("力争增长8%。", "result") == "target"
    assert sentence_role("地区生产总值增长6.8%，完成年度目标。", "result") == "result"
    assert sentence_role("争取地方政府债券123亿元。", "result") == "result"
    assert sentence_role("单位生产总值能耗比上年下降3%。", "target") == "target"
    assert sentence_role("完成了全年主要目标任务，生产总值同比增长4.3%。", "result") == "result"


def test_targets_follow_a_goal_sentence_through_its_paragraph():
    outline = outline_of(
        ("一、2019年工作回顾", ["地区生产总值增长6.8%；一般公共预算收入增长6.4%。"], []),
        ("二、2020年主要目标任务", ["主要预期目标是：地区生产总值增长6.5%左右；"
                                  "城镇登记失业率控制在3.5%以内；研发经费投入强度从2.6%提高到2.8%。"], []),
    )
    targets = {t.indicator: t for t in extract_targets(role_sentences(outline, 2020))}
    assert (targets["gdp_growth"].value, targets["gdp_growth"].qualifier) == (6.5, "左右")
    assert (targets["unemployment"].value, targets["unemployment"].qualifier) == (3.5, "以内")
    assert targets["rd_intensity"].value == 2.8
    outcomes = {t.indicator: t.value for t in extract_outcomes(role_sentences(outline, 2020))}
    assert outcomes == {"gdp_growth": 6.8, "fiscal_revenue_growth": 6.4}


def test_ranges_and_phrasings():
    outline = outline_of(("二、2020年目标", ["建议奋力实现地区生产总值增长6%-6.5%；固定资产投资力争增长8%。"], []))
    targets = {t.indicator: t for t in extract_targets(role_sentences(outline, 2020))}
    assert (targets["gdp_growth"].low, targets["gdp_growth"].value, targets["gdp_growth"].qualifier) == (6.0, 6.5, "区间")
    assert (targets["fixed_asset_investment_growth"].value, targets["fixed_asset_investment_growth"].qualifier) == (8.0, "力争")


def test_a_growth_is_never_borrowed_from_another_indicator():
    outline = outline_of(("二、2020年目标", ["主要目标是：居民收入增长与经济增长同步，社会消费品零售总额增长6%；"
                                            "城乡居民收入比持续缩小，居民消费价格涨幅3%左右；增速快于增长0.6个百分点。"], []))
    targets = {t.indicator: (t.value, t.qualifier) for t in extract_targets(role_sentences(outline, 2020))}
    assert targets == {"retail_sales_growth": (6.0, None), "cpi": (3.0, "左右"),
                       "income_growth": (None, "与经济增长同步")}  # an aim, not 6%
