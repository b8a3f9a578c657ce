"""The target reader on small strings, a rule a test (gwr.parse.targets), and the choice of a
report's main list (gwr.parse.figures.extract_targets)."""
import json

from gwr import config
from gwr.build.pipeline import build
from gwr.lexicon.textnorm import fold
from gwr.parse.figures import extract_outcomes, extract_targets, extract_targets_not_set, role_sentences
from gwr.parse.outline import assign_anchors
from gwr.parse.targets import clause_targets
from tests.harness import ROOT
from tests.test_annotate import outline_of


def read(text: str) -> list[tuple]:
    return [(t.indicator, t.scope, t.low, t.value, t.unit, t.qualifier, t.hardness)
            for t in clause_targets(fold(text), "p1")]


def test_qualifiers_as_printed_and_how_binding_they_are():
    assert read("地区生产总值增长5%左右，一般公共预算收入增长2%，城镇调查失业率5.5%以内，城镇新增就业50万人以上") == [
        ("gdp_growth", "", None, 5.0, "%", "左右", "soft"),
        ("fiscal_revenue_growth", "", None, 2.0, "%", None, "hard"),
        ("unemployment", "surveyed", None, 5.5, "%", "以内", "hard"),
        ("new_urban_jobs", "", None, 50.0, "万人", "以上", "hard")]
    assert read("固定资产投资力争增长8%；城镇登记失业率不超过4.5%") == [
        ("fixed_asset_investment_growth", "", None, 8.0, "%", "力争", "soft"),
        ("unemployment", "registered", None, 4.5, "%", "不超过", "hard")]


def test_ranges_in_every_dash():
    for text in ("地区生产总值增长5%—5.5%", "地区生产总值增长5%-5.5%", "地区生产总值增长5-5.5%", "地区生产总值增长５％－５.５％"):
        assert read(text) == [("gdp_growth", "", 5.0, 5.5, "%", "区间", "range")], text


def test_figures_in_chinese_numerals_and_full_width_digits():
    assert read("国内生产总值增长百分之五点五左右") == [("gdp_growth", "", None, 5.5, "%", "左右", "soft")]
    assert read("居民消费价格涨幅３％左右") == [("cpi", "", None, 3.0, "%", "左右", "soft")]


def test_qualitative_aims_have_no_figure():
    assert read("居民人均可支配收入增长与经济增长基本同步，粮食产量保持稳定，进出口总额争取实现正增长") == [
        ("income_growth", "all", None, None, "", "与经济增长基本同步", "qualitative"),
        ("grain_output", "", None, None, "", "保持稳定", "qualitative"),
        ("trade_growth", "", None, None, "", "实现正增长", "qualitative")]


def test_urban_and_rural_incomes_each_their_own_and_two_items_joined_by_a_pause_mark():
    assert read("城乡居民人均可支配收入分别增长5%、6.5%左右") == [
        ("income_growth", "urban", None, 5.0, "%", "左右", "soft"), ("income_growth", "rural", None, 6.5, "%", "左右", "soft")]
    assert read("城镇新增就业47万人以上、城镇调查失业率控制在5.5%以内") == [
        ("new_urban_jobs", "", None, 47.0, "万人", "以上", "hard"), ("unemployment", "surveyed", None, 5.5, "%", "以内", "hard")]


def test_what_is_no_target_of_the_year():
    assert read("地区生产总值年均增长5%以上，人均地区生产总值增长6%，单位地区生产总值二氧化碳排放下降3.8%") == []
    assert read("研发经费投入强度从2.6%提高到2.8%") == [("rd_intensity", "", None, 2.8, "%", None, "hard")]
    assert read("粮食产量1300亿斤以上") == [("grain_output", "", None, 1300.0, "亿斤", "以上", "hard")]
    assert read("城镇新增就业增长5%") == []  # jobs are counted in 万人, not a growth


def test_a_level_then_its_growth_in_the_next_clause():
    assert read("地区生产总值突破2000亿元，增长8.5%以上；规模以上工业增加值增长11%以上") == [
        ("gdp_growth", "", None, 8.5, "%", "以上", "hard"), ("industrial_value_added_growth", "", None, 11.0, "%", "以上", "hard")]


def test_the_main_list_is_the_years_not_the_five_year_plans():
    outline = outline_of(
        ("一、“十四五”发展成就和“十五五”主要目标", ["“十五五”时期主要目标是：地区生产总值年均增长5%左右，居民收入增长与经济增长同步。"], []),
        ("二、2026年重点工作", ["今年经济社会发展主要预期目标是：地区生产总值增长5.5%左右，城镇调查失业率5.5%左右；"
                              "居民消费价格涨幅2%左右。", "实施项目，社会消费品零售总额力争增长8%。"], []))
    targets = extract_targets(role_sentences(outline, 2026))
    assert [(t.indicator, t.value, t.position) for t in targets] == [
        ("gdp_growth", 5.5, "main"), ("cpi", 2.0, "main"), ("unemployment", 5.5, "main")]


def test_a_list_announced_by_a_colon_is_read_in_the_next_paragraph():
    outline = outline_of(("二、今年的目标任务", ["今年经济社会发展的主要预期目标是：",
                                               "国内生产总值增长8%左右；城镇新增就业900万人以上，城镇登记失业率控制在4.6%以内。"], []))
    targets = extract_targets(role_sentences(outline, 2010))
    assert [(t.indicator, t.value, t.qualifier) for t in targets] == [
        ("gdp_growth", 8.0, "左右"), ("unemployment", 4.6, "以内"), ("new_urban_jobs", 900.0, "以上")]


# Each report's main list, read by hand from the report (tests/corpus/provinces-2026):
# indicator, scope, low, value, unit, qualifier. Items outside the 13 indicators are not read.
PROVINCES_2026 = {
    "云南省": [("gdp_growth", "", None, 4.5, "%", "左右"), ("fiscal_revenue_growth", "", None, 2.0, "%", None),
            ("unemployment", "surveyed", None, 5.5, "%", "以内"), ("new_urban_jobs", "", None, 50.0, "万人", "以上"),
            ("income_growth", "all", None, None, "", "与经济增长同步"), ("grain_output", "", None, 1955.0, "万吨", "以上")],
    "吉林省": [("gdp_growth", "", None, 5.0, "%", "左右"), ("fiscal_revenue_growth", "", None, 3.7, "%", None),
            ("fixed_asset_investment_growth", "", None, 3.0, "%", None), ("retail_sales_growth", "", None, 5.0, "%", "左右"),
            ("industrial_value_added_growth", "", None, 6.0, "%", "左右"), ("cpi", "", None, 2.0, "%", "左右"),
            ("unemployment", "surveyed", None, 5.5, "%", "左右"), ("income_growth", "all", None, None, "", "与经济增长同步")],
    "四川省": [("gdp_growth", "", None, 5.5, "%", "左右"), ("fiscal_revenue_growth", "", None, 2.0, "%", None),
            ("cpi", "", None, 2.0, "%", "左右"), ("unemployment", "surveyed", None, 5.5, "%", "左右"),
            ("new_urban_jobs", "", None, 85.0, "万人", None), ("income_growth", "all", None, None, "", "和经济增长基本同步"),
            ("grain_output", "", None, 730.0, "亿斤", "以上")],
    "天津市": [("gdp_growth", "", None, 4.5, "%", None), ("fiscal_revenue_growth", "", None, 2.0, "%", None),
            ("cpi", "", None, 2.0, "%", "左右"), ("unemployment", "surveyed", None, 5.5, "%", "左右"),
            ("new_urban_jobs", "", None, 28.0, "万人", None), ("income_growth", "all", None, None, "", "和经济增长基本同步")],
    "广东省": [("gdp_growth", "", 4.5, 5.0, "%", "区间"), ("fiscal_revenue_growth", "", None, 3.0, "%", "左右"),
            ("income_growth", "all", None, None, "", "与经济增长同步")],
    "广西壮族自治区": [("gdp_growth", "", None, 5.0, "%", "左右"), ("cpi", "", None, 2.0, "%", "以内"),
                ("unemployment", "surveyed", None, 5.5, "%", "左右"), ("income_growth", "all", None, None, "", "和经济增长同步"),
                ("grain_output", "", None, None, "", "只增不减")],
    "福建省": [("gdp_growth", "", None, 5.0, "%", "左右"), ("cpi", "", None, 2.0, "%", "左右"),
            ("unemployment", "surveyed", None, 5.0, "%", "左右"), ("new_urban_jobs", "", None, 50.0, "万人", None),
            ("income_growth", "all", None, None, "", "与经济增长同步"), ("grain_output", "", None, 513.0, "万吨", "以上")],
    "西藏自治区": [("gdp_growth", "", None, 7.0, "%", "以上"), ("fixed_asset_investment_growth", "", None, 15.0, "%", "左右"),
              ("retail_sales_growth", "", None, 7.0, "%", "左右"), ("cpi", "", None, None, "", "合理回升"),
              ("unemployment", "surveyed", None, 5.0, "%", "以内"), ("income_growth", "urban", None, 7.0, "%", "左右"),
              ("income_growth", "rural", None, 8.0, "%", "左右")],
}


def test_the_main_lists_of_real_provincial_reports(tmp_path):
    out = tmp_path / "output"
    build(config.load(str(ROOT / "tests" / "corpus" / "provinces-2026"), str(out), cache=False))
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    read = {d["region"]["name"]: [(t["indicator"], t["scope"], t["low"], t["value"], t["unit"], t["qualifier"])
                                  for t in d["targets"]] for d in documents}
    assert {name: read.get(name) for name in PROVINCES_2026} == PROVINCES_2026
    assert all(t["position"] == "main" for d in documents for t in d["targets"])


def test_a_target_the_report_says_it_does_not_set():
    outline = outline_of(("二、2020年主要目标", ["需要说明的是，我们没有提出全年经济增速具体目标，主要因为全球疫情不确定性很大。"
                                              "今年主要预期目标是：城镇新增就业900万人以上，城镇调查失业率6%左右。"], []))
    sentences = role_sentences(outline, 2020)
    assert extract_targets_not_set(sentences) == ("gdp_growth",)
    assert [t.indicator for t in extract_targets(sentences)] == ["unemployment", "new_urban_jobs"]


def test_an_outcome_keeps_its_qualifier_and_its_estimate():
    outline = outline_of(("一、2019年工作回顾", ["预计全年地区生产总值增长3%左右；研发经费投入强度接近2.8%。"], []))
    outcomes = {t.indicator: (t.value, t.qualifier, t.estimate) for t in extract_outcomes(role_sentences(outline, 2020))}
    assert outcomes == {"gdp_growth": (3.0, "左右", True), "rd_intensity": (2.8, "接近", False)}  # 预计 marks its own sentence


def test_what_a_review_gives_that_is_no_outcome_of_its_indicator():
    # a part of another measure, a share, five years' figures
    assert read("滨海新区生产总值增长4.6%，跨境电商进出口额增长77%，装备工业增加值增长8.4%") == []
    assert read("工业对经济增长贡献率35.1%，规上工业增加值占比56.2%") == []
    assert read("固定资产投资下降3.3%") == [("fixed_asset_investment_growth", "", None, -3.3, "%", None, "hard")]
    assert read("扣除房地产开发投资后,固定资产投资增长2.7%") == []  # a narrower measure than the indicator
    assert read("粮食产量突破620亿斤") == [("grain_output", "", None, 620.0, "亿斤", "突破", "hard")]
    assert read("单位地区生产总值能耗下降3%左右") == [("energy_intensity", "", None, 3.0, "%", "左右", "soft")]


def test_names_that_share_the_figures_of_the_last():
    assert read("规上工业增加值、固定资产投资、社会消费品零售总额分别增长8.2%、5.1%、4.4%") == [
        ("industrial_value_added_growth", "", None, 8.2, "%", None, "hard"),
        ("fixed_asset_investment_growth", "", None, 5.1, "%", None, "hard"),
        ("retail_sales_growth", "", None, 4.4, "%", None, "hard")]
    assert read("城镇居民和农村居民人均可支配收入分别增长4.5%和5.7%") == [
        ("income_growth", "urban", None, 4.5, "%", None, "hard"), ("income_growth", "rural", None, 5.7, "%", None, "hard")]
    # names of other measures in the list take their own figures, first or last, and a fall stays one
    assert read("外商直接投资、货物进出口总额分别增长121.4%、23.2%") == [("trade_growth", "", None, 23.2, "%", None, "hard")]
    assert read("规上工业增加值、外商投资分别增长8%、5%") == [("industrial_value_added_growth", "", None, 8.0, "%", None, "hard")]
    assert read("外商投资、规上工业增加值、固定资产投资分别下降1%、8%、5%") == [
        ("industrial_value_added_growth", "", None, -8.0, "%", None, "hard"),
        ("fixed_asset_investment_growth", "", None, -5.0, "%", None, "hard")]


def test_a_review_of_five_years_gives_no_outcome_of_last_year():
    outline = outline_of(("一、2025年和“十四五”时期工作回顾", [
        "2025年，全省地区生产总值增长5.3%。", "五年来，我们砥砺前行。城镇新增就业累计690万人，地区生产总值增长5.7%。"], []))
    outcomes = [(t.indicator, t.value) for t in extract_outcomes(role_sentences(outline, 2026))]
    assert outcomes == [("gdp_growth", 5.3)]


def test_levels_before_the_growths_they_are_followed_by():
    assert read("全市生产总值突破3000亿元，达到3122.4亿元，增长7.9%") == [("gdp_growth", "", None, 7.9, "%", None, "hard")]
    assert read("城镇、农村居民人均可支配收入分别达到59028元和34803元，增长8.5%和9.6%") == [
        ("income_growth", "urban", None, 8.5, "%", None, "hard"), ("income_growth", "rural", None, 9.6, "%", None, "hard")]


def test_a_part_about_the_five_year_plan_gives_no_outcome_of_last_year():
    outline = outline_of(
        ("一、2025年工作回顾", ["全省地区生产总值增长5.3%。"], []),
        ("二、“十四五”时期发展成就", ["居民人均可支配收入年均增长6.1%。城镇新增就业261.6万人。"], []))
    assign_anchors(outline)  # as every outline built from a report has
    outcomes = [(t.indicator, t.value) for t in extract_outcomes(role_sentences(outline, 2026))]
    assert outcomes == [("gdp_growth", 5.3)]


def test_a_review_of_five_years_and_of_the_year_under_one_heading():
    # the five years run from 这五年 to the paragraph that opens on the year, even after 各位代表！
    outline = outline_of(("一、“十四五”时期和2025年工作回顾", [
        "这五年，我们砥砺前行。", "城镇新增就业261.6万人。", "各位代表！刚刚过去的2025年很不平凡。全省地区生产总值增长5.3%。",
        "城镇新增就业48.8万人，低保标准增幅为近五年最高，细颗粒物年均浓度下降。",
        "各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托。居民人均可支配收入增长34.3%。"], []))
    assign_anchors(outline)
    outcomes = [(t.indicator, t.value) for t in extract_outcomes(role_sentences(outline, 2026))]
    assert outcomes == [("gdp_growth", 5.3), ("new_urban_jobs", 48.8)]


def test_a_review_that_beats_its_target_still_looks_back():
    outline = outline_of(("一、2025年工作回顾", [
        "全区地区生产总值增长5.1%，增速高于预期目标。货物贸易进出口总额增长10.2%。"], []))
    outcomes = [(t.indicator, t.value) for t in extract_outcomes(role_sentences(outline, 2026))]
    assert outcomes == [("gdp_growth", 5.1), ("trade_growth", 10.2)]
    assert read("服务贸易进出口增长5%") == []  # another measure than goods trade


# The outcomes of 2025 each report gives, read by hand from its review (tests/corpus/provinces-2026):
# indicator, scope, value, unit, qualifier.
OUTCOMES_2025 = {
    "四川省": [("gdp_growth", "", 5.5, "%", None), ("fiscal_revenue_growth", "", 3.9, "%", None),
            ("retail_sales_growth", "", 5.1, "%", None), ("new_urban_jobs", "", 107.0, "万人", None),
            ("income_growth", "urban", 4.4, "%", None), ("income_growth", "rural", 5.6, "%", None),
            ("grain_output", "", 732.5, "亿斤", None)],
    "西藏自治区": [("gdp_growth", "", 7.0, "%", None), ("fiscal_revenue_growth", "", 14.7, "%", None),
              ("fixed_asset_investment_growth", "", 17.2, "%", None), ("retail_sales_growth", "", 4.4, "%", None),
              ("industrial_value_added_growth", "", 12.4, "%", None), ("unemployment", "surveyed", 5.0, "%", "以内"),
              ("new_urban_jobs", "", 5.1, "万人", None), ("income_growth", "urban", 6.0, "%", None),
              ("income_growth", "rural", 7.4, "%", None)],
    "天津市": [("gdp_growth", "", 4.8, "%", None), ("fiscal_revenue_growth", "", 4.1, "%", None)],
    "云南省": [("gdp_growth", "", 4.1, "%", None), ("fiscal_revenue_growth", "", 2.3, "%", None),
            ("retail_sales_growth", "", 2.4, "%", None), ("industrial_value_added_growth", "", 4.5, "%", None),
            ("trade_growth", "", 10.2, "%", None), ("unemployment", "surveyed", 5.2, "%", None),
            ("income_growth", "all", 4.6, "%", None)],
    "吉林省": [("gdp_growth", "", 5.0, "%", None), ("fiscal_revenue_growth", "", 13.3, "%", None),
            ("retail_sales_growth", "", 3.9, "%", None), ("new_urban_jobs", "", 22.89, "万人", None),
            ("grain_output", "", 871.6, "亿斤", None)],
    "广东省": [("gdp_growth", "", 3.9, "%", None), ("fiscal_revenue_growth", "", 3.0, "%", None),
            ("retail_sales_growth", "", 2.8, "%", None), ("trade_growth", "", 4.4, "%", None),
            ("unemployment", "surveyed", 5.0, "%", None), ("new_urban_jobs", "", 149.4, "万人", None),
            ("income_growth", "all", 4.3, "%", None), ("rd_intensity", "", 3.6, "%", None)],
    "广西壮族自治区": [("gdp_growth", "", 5.1, "%", None), ("fiscal_revenue_growth", "", 4.6, "%", None),
                ("industrial_value_added_growth", "", 7.7, "%", None), ("trade_growth", "", 8.4, "%", None),
                ("new_urban_jobs", "", 42.3, "万人", None), ("income_growth", "all", 5.4, "%", None),
                ("income_growth", "urban", 4.4, "%", None), ("income_growth", "rural", 6.3, "%", None),
                ("grain_output", "", 280.9, "亿斤", None)],
    "福建省": [("gdp_growth", "", 5.0, "%", None), ("fiscal_revenue_growth", "", 3.0, "%", None),
            ("fixed_asset_investment_growth", "", -3.3, "%", None), ("retail_sales_growth", "", 4.4, "%", None),
            ("trade_growth", "", -5.4, "%", None), ("unemployment", "surveyed", 4.7, "%", None),
            ("new_urban_jobs", "", 54.58, "万人", None), ("income_growth", "urban", 4.5, "%", None),
            ("income_growth", "rural", 5.7, "%", None)],
}


def test_the_outcomes_of_real_provincial_reports(tmp_path):
    out = tmp_path / "output"
    build(config.load(str(ROOT / "tests" / "corpus" / "provinces-2026"), str(out), cache=False))
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    read = {d["region"]["name"]: [(t["indicator"], t["scope"], t["value"], t["unit"], t["qualifier"]) for t in d["outcomes"]]
            for d in documents}
    assert {name: read[name] for name in OUTCOMES_2025} == OUTCOMES_2025
    estimates = {(d["region"]["name"], t["indicator"]) for d in documents for t in d["outcomes"] if t["estimate"]}
    assert ("广东省", "rd_intensity") in estimates  # 预计…研发投入强度达3.6%
