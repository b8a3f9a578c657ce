from gwr.model import Block
from gwr.parse.outline import build_outline, reading_order, run_on_heading_end

FILLER = "这一部分的正文比较长，" * 160  # makes a line long enough to be read as run-on text


def lines(*texts: str) -> list[Block]:
    return [Block(t, i, i) for i, t in enumerate(texts, start=1)]


def tree(sections):
    return [(s.heading, tree(s.children)) for s in sections]


def all_text(outline) -> str:
    return "".join("".join(reading_order(outline)).split())


def test_parts_sections_and_items_nest_by_style():
    outline, _ = build_outline(lines(
        "各位代表:", "现在，我代表市人民政府报告工作。", "一、过去一年工作回顾", "正文。",
        "（一）稳增长", "正文。", "1.稳投资", "正文。", "（二）促改革", "正文。", "二、今年工作安排", "正文。"))
    assert tree(outline.sections) == [
        ("一、过去一年工作回顾", [("（一）稳增长", [("1.稳投资", [])]), ("（二）促改革", [])]),
        ("二、今年工作安排", [])]
    assert [p.kind for p in outline.preamble] == ["opening", "p"]
    assert outline.sections[0].children[1].anchor == "s1-2"
    assert outline.sections[0].children[1].paragraphs[0].anchor == "s1-2-p1"


def test_part_number_restarting_opens_a_deeper_level():
    outline, _ = build_outline(lines(
        "一、过去一年工作回顾", "我们重点做了以下工作：", "一、平台建设实现新突破。", "正文。",
        "二、产业体系迈上新台阶。", "正文。", "二、今后五年的目标", "正文。", "一、打造新高地。", "正文。",
        "三、今年的工作", "正文。"))
    assert [(s.heading, len(s.children)) for s in outline.sections] == [
        ("一、过去一年工作回顾", 2), ("二、今后五年的目标", 1), ("三、今年的工作", 0)]


def test_a_list_restarting_below_a_part_stays_at_its_level():
    outline, _ = build_outline(lines(
        "一、工作安排", "（一）要求一", "（二）要求二", "（一）任务一", "（二）任务二", "（三）任务三", "二、自身建设"))
    assert [len(s.children) for s in outline.sections] == [5, 0]


def test_number_out_of_sequence_is_not_a_heading():
    outline, _ = build_outline(lines("一、回顾", "正文。", "六、当好排头兵”，努力战胜挑战。", "二、安排", "正文。"))
    assert [s.heading for s in outline.sections] == ["一、回顾", "二、安排"]


def test_run_on_heading_ends_where_the_body_begins():
    assert "一、2019年工作回顾2019年是" [:run_on_heading_end("一、2019年工作回顾2019年是关键一年。", 2)] == "一、2019年工作回顾"
    text = "二、今后五年的奋斗目标和主要任务今后五年，是关键时期。"
    assert text[:run_on_heading_end(text, 2)] == "二、今后五年的奋斗目标和主要任务"
    text = "三、加强政府自身建设面对新形势新任务，我们要努力。"
    assert text[:run_on_heading_end(text, 2)] == "三、加强政府自身建设"


def test_a_part_title_is_cut_before_a_body_that_opens_with_a_sentence_of_its_own():
    for text, title in (("三、全面加强政府自身建设重任在肩，惟有担当。", "三、全面加强政府自身建设"),
                        ("三、2024年政府工作任务党中央对2024年工作作出部署，我们要落实。", "三、2024年政府工作任务"),
                        ("二、2024年发展思路2024年是关键一年，意义重大。", "二、2024年发展思路"),
                        ("二、2024年工作重点今年是关键一年，意义重大。", "二、2024年工作重点")):
        assert text[:run_on_heading_end(text, 2, part=True)] == title
    # below the parts a lead sentence may be the heading: （一）持续加力、互补共赢，成果丰硕。
    text = "（一）持续加力、互补共赢，成果丰硕。全年完成投资100亿元。"
    assert text[:run_on_heading_end(text, 3)] == "（一）持续加力、互补共赢，成果丰硕。"


def test_run_on_text_splits_at_spaces_and_slogans_are_not_headings():
    line = ("各位代表:现在，我代表市人民政府报告工作。 一、2019年工作回顾2019年，我们紧紧围绕“干好一一 六、当好排头兵”，"
            "战胜挑战。" + FILLER + " （一）着力稳企业稳增长，发展迈出坚实步伐。" + FILLER +
            " 二、2020年目标任务今年是决胜之年。" + FILLER)
    outline, _ = build_outline(lines(line))
    assert [s.heading for s in outline.sections] == ["一、2019年工作回顾", "二、2020年目标任务"]
    assert len(outline.sections[0].children) == 1
    assert all_text(outline) == "".join(line.split())


def test_boxes_keep_their_items_inside():
    outline, _ = build_outline(lines(
        "一、执行情况", "（一）协同发展", "正文。", "专栏1 重点任务", "1. 任务一。", "2. 任务二。", "正文继续。",
        "（二）扩大内需", "正文。"))
    first = outline.sections[0].children[0]
    assert [c.heading for c in first.children] == ["专栏1 重点任务"]
    assert first.children[0].is_box and len(first.children[0].paragraphs) == 2
    assert [p.text for p in first.paragraphs] == ["正文。", "正文继续。"]
    assert len(outline.sections[0].children) == 2


def test_unnumbered_part_titles_sit_above_numbered_sections():
    outline, _ = build_outline(lines(
        "各位代表:", "2022年工作回顾", "正文。", "一、抗击疫情", "正文。", "二、稳定经济", "正文。",
        "2023年重点任务", "2023", "年是开局之年。", "一、服务首都", "正文。"))
    assert tree(outline.sections) == [
        ("2022年工作回顾", [("一、抗击疫情", []), ("二、稳定经济", [])]),
        ("2023年重点任务", [("一、服务首都", [])])]
    assert outline.sections[1].paragraphs[0].text == "2023年是开局之年。"


def test_wrapped_lines_are_rejoined_and_dashes_are_list_items():
    outline, repairs = build_outline(lines("一、回顾", "全年实施23", "项重点任务。", "——改革创新再突破。", "。"))
    texts = [(p.text, p.kind) for p in outline.sections[0].paragraphs]
    assert texts == [("全年实施23项重点任务。", "p"), ("——改革创新再突破。。", "li")]
    assert [r.kind for r in repairs] == ["rejoin", "rejoin"]


def test_lead_sentence_heading_ends_at_the_first_full_stop():
    outline, _ = build_outline(lines("一、回顾", "（一）坚持精准高效，疫情防控保持平稳有序。我们毫不动摇落实要求。"))
    section = outline.sections[0].children[0]
    assert section.heading == "（一）坚持精准高效，疫情防控保持平稳有序。"
    assert section.paragraphs[0].text == "我们毫不动摇落实要求。"


def test_fangmian_parts_and_a_repaired_heading_with_a_lost_number():
    blocks = lines("第一方面:关于上半年情况", "（一）疫情防控", "正文。", "（二）經濟發展", "正文。")
    blocks.append(Block("）孺加強赵身建設。加強政府系統黨的建設。", 9, 9, repaired=True))
    outline, _ = build_outline(blocks)
    children = outline.sections[0].children
    assert [c.number for c in children] == [1, 2, 3]
    assert "number-inferred" in children[2].flags


def test_every_character_lands_in_a_heading_or_paragraph():
    texts = ("各位代表:", "一、回顾", "（一）坚持精准高效，疫情防控平稳。我们落实要求。", "专栏1 任务", "1. 任务。",
             "——", "改革创新。", "二、安排", "全年实施23", "项任务。")
    outline, _ = build_outline(lines(*texts))
    assert all_text(outline) == "".join("".join(texts).split())


def test_an_appendix_is_kept_apart_from_the_parts_of_the_report():
    lines = ["一、过去一年工作回顾", "我们取得了成绩。", "二、今年工作安排", "我们要努力。", "各位代表！让我们团结奋斗。",
             "附件2", "名词解释", "1.“两重”：", "是指国家重大战略实施和重点领域安全能力建设。"]
    outline, _ = build_outline([Block(t, i, i) for i, t in enumerate(lines, start=1)])
    assert [s.heading for s in outline.sections] == ["一、过去一年工作回顾", "二、今年工作安排"]
    [appendix] = outline.appendix
    assert (appendix.heading, appendix.anchor) == ("附件2 名词解释", "a1")
    assert [p.text for p in appendix.paragraphs] == lines[7:]
    assert appendix.paragraphs[0].anchor == "a1-p1"
    assert list(reading_order(outline))[-3:] == ["附件2 名词解释"] + lines[7:]


def test_a_line_naming_an_appendix_in_the_first_half_is_body_text():
    lines = ["附件", "一、过去一年工作回顾", "我们取得了成绩。", "二、今年工作安排", "我们要努力。"]
    outline, _ = build_outline([Block(t, i, i) for i, t in enumerate(lines, start=1)])
    assert outline.appendix == [] and len(outline.sections) == 2


def test_a_short_dash_line_under_a_heading_is_its_subtitle_and_not_part_of_it():
    lines = ["一、过去一年工作回顾", "——坚持稳中求进", "——经济增长量质齐升。全年增长6%。", "二、今年工作安排", "我们要努力。"]
    outline, _ = build_outline([Block(t, i, i) for i, t in enumerate(lines, start=1)])
    first = outline.sections[0]
    assert first.heading == "一、过去一年工作回顾"
    assert [(p.kind, p.text) for p in first.paragraphs] == [("subtitle", lines[1]), ("li", lines[2])]


def test_an_ordinal_on_a_short_line_is_a_sub_heading_inside_a_part_only():
    lines = ["第一，这一条在任何部分之前。", "一、过去一年工作回顾", "第一，坚持解放思想、实事求是。", "我们做了很多工作。",
             "第二，妥善处理改革、发展、稳定的关系。", "我们继续努力。",
             "第三，我们在这一年里做了大量工作，取得了很大成绩，经济运行总体平稳，发展质量稳步提升，这是一个长句子，不是标题。"]
    outline, _ = build_outline([Block(t, i, i) for i, t in enumerate(lines, start=1)])
    assert [p.text for p in outline.preamble] == [lines[0]]
    [part] = outline.sections
    assert [c.heading for c in part.children] == [lines[2], lines[4]]
    assert part.children[-1].paragraphs[-1].text == lines[6]


def test_lines_that_are_whole_paragraphs_are_never_joined():
    texts = ["一、2023年工作回顾", "经济运行稳中向好，位居全区前列。[1]", "各位代表！回首过去一年",
             "指标 | 预期目标", "地区生产总值增长 | 8%左右"]
    wrapped, _ = build_outline(lines(*texts))  # a text file's lines: a line without an end is wrapped
    assert [p.text for p in wrapped.sections[0].paragraphs] == ["".join(texts[1:])]
    whole, repairs = build_outline(lines(*texts), whole_paragraphs=True)  # a Word file's paragraphs
    assert [p.text for p in whole.sections[0].paragraphs] == texts[1:] and repairs == []
