import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gwr.lexicon.gazetteer import NameFinder
from gwr.model import Block, RawDocument
from gwr.parse.identify import choose_title, classify, find_region, parse_subtitle, split_front_matter


def test_subtitle_gives_date_meeting_speaker_and_title():
    date, meeting, speaker, title = parse_subtitle(
        "——2020年4月27日在甲州市第八届人民代表大会第五次会议上甲州市人民政府代市长王小明")
    assert (date, meeting, speaker, title) == ("2020-04-27", "甲州市第八届人民代表大会第五次会议", "王小明", "代市长")


def test_subtitle_in_brackets_and_an_organisation_as_speaker():
    assert parse_subtitle("（2024年1月5日在乙省第十四届人民代表大会第二次会议上）乙省发展和改革委员会") == (
        "2024-01-05", "乙省第十四届人民代表大会第二次会议", "乙省发展和改革委员会", None)


def test_traditional_meeting_keeps_its_script():
    date, meeting, _, _ = parse_subtitle("——2020年7月15日在 xx 市 xx 區第五屆人民代表大會常務委員會第三十三次(擴大)會議上")
    assert date == "2020-07-15" and meeting == "xx市xx區第五屆人民代表大會常務委員會第三十三次(擴大)會議"


def test_front_matter_of_a_run_on_line_is_split_at_the_opening():
    blocks = [Block("2022年甲市政府工作报告──2022年2月12日在甲市第五届人民代表大会第一次会议上甲市市长张三"
                    "各位代表:现在，我代表市人民政府报告工作。 一、过去一年工作回顾", 3, 3)]
    front, body = split_front_matter(blocks)
    assert front.title_blocks == ["2022年甲市政府工作报告"]
    assert body[0].text.startswith("各位代表:现在")
    assert choose_title(front.title_blocks, None) == "2022年甲市政府工作报告"


def test_a_report_without_an_opening_starts_at_its_first_sentence():
    blocks = [Block("2024年甲市政府工作报告现在，我代表市人民政府，向大会报告政府工作，请予审议。", 1, 2),
              Block("一、2023年工作回顾", 3, 3)]
    front, body = split_front_matter(blocks)
    assert front.title_blocks == ["2024年甲市政府工作报告"] and body[0].text.startswith("现在，我代表")
    # a 现在，我代表 far into the text is no first sentence
    text = [Block("一年来，" + "经济运行稳中向好。" * 80 + "现在，我代表市人民政府提出建议。", 1, 1)]
    assert split_front_matter(text) == (split_front_matter([])[0], text)

def test_title_wrapped_over_two_lines_is_joined_and_stray_digits_dropped():
    assert choose_title(["关于甲市2023年国民经济和社会发展计划执行", "情况与2024年计划草案的报告"], None) == \
        "关于甲市2023年国民经济和社会发展计划执行情况与2024年计划草案的报告"
    assert choose_title(["年上半年區政府工作報告", "0 2020 年上半年政府工作報告"], None) == "2020年上半年政府工作報告"


def test_classification():
    assert classify("关于甲市2023年国民经济和社会发展计划执行情况的报告", "") == "plan_report"
    assert classify("2023年甲市政府工作报告", "") == "work_report"
    assert classify(None, "各位代表:\n现在，我代表县人民政府向大会报告工作，请予审议。") == "work_report"
    assert classify("甲市推出十条举措", "近日，甲市出台政策。") == "news"


def test_region_from_short_name_in_a_news_title(gaz):
    region = find_region(gaz, "株洲医保推出10条举措", None, "株洲市医疗保障局出台举措。")
    assert (region.name, region.level, region.province, region.parent) == ("株洲市", "prefecture", "湖南省", "湖南省")


def test_region_from_the_listing_tag(gaz):
    region = find_region(gaz, "转发开展人才遴选工作通知", "萧山区招商", "为深入推进人才强区战略。")
    assert (region.name, region.level, region.parent) == ("萧山区", "district", "杭州市")


def test_region_from_we_represent(gaz):
    region = find_region(gaz, None, None, "各位代表:\n现在，我代表怀柔区人民政府，向大会报告政府工作。")
    assert (region.name, region.level, region.province, region.parent) == ("怀柔区", "district", "北京市", "北京市")


def test_untitled_county_report_is_found_by_its_mentions(gaz):
    body = "各位代表:\n现在，我代表县人民政府向大会报告工作。一批企业落户来安，滁宁城际铁路来安段完工，清流河来安段治理完成。"
    region = find_region(gaz, None, None, body)
    assert (region.name, region.level, region.parent) == ("来安县", "county", "滁州市")


def test_anonymised_region_is_kept_and_marked(gaz):
    region = find_region(gaz, "2020年上半年政府工作報告", None, "各位代表:\n現在，我代表 xx 區人民政府，就上半年工作作報告。")
    assert (region.name, region.level, region.anonymized, region.province) == ("xx区", "district", True, None)


def test_untitled_report_takes_its_region_from_the_meeting(gaz):
    region = find_region(gaz, "政府工作报告", None, "各位代表：\n现在，我代表市人民政府向大会报告工作。",
                         meeting="宁波市第十五届人民代表大会第五次会议")
    assert (region.name, region.level) == ("宁波市", "prefecture")


def test_a_line_form_report_with_its_front_matter_on_separate_lines(gaz):
    from gwr.parse.identify import identify
    lines = ["政府工作报告", "——2021年1月10日在湖州市第八届人民代表大会第六次会议上", "湖州市市长　王小明",
             "各位代表：", "现在，我代表市人民政府向大会报告工作，请予审议。", "一、2020年工作回顾", "湖州发展成效显著。"]
    blocks = [Block(t, i, i) for i, t in enumerate(lines, start=1)]
    front, body = split_front_matter(blocks)
    meta = identify(RawDocument(file="f", index=0, lines=()), front, body, gaz)
    assert (meta.doc_type, meta.region.name, meta.year, meta.date) == ("work_report", "湖州市", 2021, "2021-01-10")
    assert (meta.speaker, meta.speaker_title, meta.title) == ("王小明", "市长", "政府工作报告")
    assert body[0].text == "各位代表："


def test_header_layouts_of_real_reports():
    blocks = [Block(t, i, i) for i, t in enumerate(
        ["政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理　", "李　强",
         "各位代表：", "现在，我代表国务院，向大会报告政府工作。"], start=1)]
    front, body = split_front_matter(blocks)
    assert parse_subtitle(front.subtitle, front.after) == (
        "2024-03-05", "第十四届全国人民代表大会第二次会议", "李强", "总理")
    broken = [Block(t, i, i) for i, t in enumerate(
        ["政府工作报告", "——2024年2月3日在甲市第六届人民代表大会", "第六次会议上", "市长  林海波", "各位代表："], start=1)]
    front, _ = split_front_matter(broken)
    assert parse_subtitle(front.subtitle, front.after) == ("2024-02-03", "甲市第六届人民代表大会第六次会议", "林海波", "市长")
    numerals = [Block(t, i, i) for i, t in enumerate(
        ["2026年乙省政府工作报告", "——二〇二六年一月二十七日在乙省十四届人民代表大会第四次会议上",
         "乙省省长 艾尔肯·吐尼亚孜", "各位代表："], start=1)]
    front, _ = split_front_matter(numerals)
    assert choose_title(front.title_blocks, None) == "2026年乙省政府工作报告"
    assert parse_subtitle(front.subtitle, front.after)[::2] == ("2026-01-27", "艾尔肯·吐尼亚孜")


def test_a_breadcrumb_is_not_joined_to_a_whole_title_and_a_dated_title_wins():
    assert choose_title(["云南要闻", "2026年政府工作报告"], None) == "2026年政府工作报告"
    assert choose_title(["标题：2024年甲市政府工作报告", "A+", "A-"], None) == "2024年甲市政府工作报告"
    assert choose_title(["宁夏要闻", "2026年甲区政府工作报告", "政府工作报告"], None) == "2026年甲区政府工作报告"
    assert choose_title(["\u200b", "人民代表大会第二次会议上", "甲市人民政府市长  朱浩东"], None) is None


def test_a_league_report_to_the_standing_committee_is_found_by_its_kind(gaz):
    body = ("各位主任、委员：\n我代表盟行政公署，向盟人大工委报告工作。\n全盟上下共同努力，锡林郭勒草原生态持续向好。"
            "锡林浩特市、二连浩特市发展加快，锡林郭勒的牧民收入增长。")
    region = find_region(gaz, None, None, body)
    assert (region.name, region.level, region.province) == ("锡林郭勒盟", "prefecture", "内蒙古自治区")
    assert classify(None, body) == "work_report"


def test_mentions_take_the_leftmost_name_and_the_longest_starting_there(gaz):
    found = [(at, name) for at, name, _ in gaz.mentions("加快大兴安岭林区建设，浙江宁波市镇海区")]
    # 大兴安岭, not 兴安 (a short form starting one character later); 宁波市, not 宁波 inside it
    assert found == [(2, "大兴安岭"), (11, "浙江"), (13, "宁波市"), (16, "镇海区")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("甲乙丙丁", min_size=2, max_size=4), min_size=1, max_size=8), st.text("甲乙丙丁，", max_size=60))
def test_names_found_are_those_a_pattern_of_the_names_longest_first_finds(names, text):
    pattern = re.compile("|".join(map(re.escape, sorted(set(names), key=lambda n: (-len(n), n)))))
    assert NameFinder(names).find(text) == [(m.start(), m.group(0)) for m in pattern.finditer(text)]
