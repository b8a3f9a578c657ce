"""The same report found twice is kept once."""
from gwr.build.pipeline import parse_source
from gwr.enrich.dedupe import drop_duplicates
from gwr.model import Copy, SourceFile

BODY = ["各位代表：", "现在，我代表省人民政府向大会报告工作，请予审议。", "一、2025年工作回顾"] + \
       [f"第{i}项工作取得新进展，全省经济运行稳中有进，发展质量稳步提升，民生保障更加有力。" for i in range(40)] + \
       ["二、2026年工作安排", "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。"]


def source(name: str, lines: list[str]) -> SourceFile:
    return SourceFile(name, "0" * 64, "utf-8", tuple(lines), sum(len(line) + 1 for line in lines))


def test_a_web_page_holding_its_desktop_and_its_mobile_copy_gives_one_report(gaz):
    page = ["2026年甲省政府工作报告", "——2026年1月27日在甲省第十四届人民代表大会第四次会议上"] + BODY + \
           ["相关新闻", "甲省召开会议"] + BODY  # the mobile copy, after the desktop page's footer: no title
    reports = parse_source(source("page.html.txt", page), gaz).reports
    assert len(reports) == 2
    kept, left_out = drop_duplicates(reports)
    assert len(kept) == 1 and kept[0].meta.title == "2026年甲省政府工作报告"
    lines = reports[1].source_lines
    assert kept[0].also_found == (Copy("page.html.txt", lines, f"第 {lines[0]}–{lines[1]} 行"),) and len(left_out) == 1


def test_the_same_text_under_another_title_in_another_file_is_another_document(gaz):
    first = parse_source(source("a.txt", ["2026年甲省政府工作报告"] + BODY), gaz).reports
    second = parse_source(source("b.txt", ["2026年甲省政府工作报告（摘要）"] + BODY), gaz).reports
    kept, _ = drop_duplicates(first + second)
    assert len(kept) == 2
