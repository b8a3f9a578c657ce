from gwr.model import SourceLine
from gwr.parse.clean import GETA, clean_line, repair_mojibake


def misaligned(text: str) -> str:
    """What a page shows when GBK bytes are decoded one byte out of step."""
    return (b"\xa1" + text.encode("gbk") + b"X").decode("gbk", errors="replace")


def test_pinyin_annotations_are_removed_but_latin_in_brackets_stays():
    block, repairs = clean_line(SourceLine(3, "現(xiàn)在，區(qū)政府(GDP)與(a)計劃"))
    assert block.text == "現在，區政府(GDP)與(a)計劃"
    assert [(r.kind, r.count, r.line) for r in repairs] == [("pinyin", 2, 3)]


def test_misaligned_gbk_is_re_decoded():
    text, changes = repair_mojibake(misaligned("（一）在新發展格局中開辟新空間"))
    assert text.startswith("（一）在新發展格局中開辟新空間")
    assert changes[0][0] == "mojibake"


def test_unrecoverable_bytes_are_marked_garbled():
    text, changes = repair_mojibake(misaligned("（一）在新发展格局中开辟新空间"))
    assert text.startswith("（一）在新发展格局中")
    assert GETA in text and changes[0][0] == "garbled"


def test_clean_text_is_left_alone():
    text = "地区生产总值增长6.5%左右，“两山”理念深入人心。"
    assert repair_mojibake(text) == (text, [])


def test_spaces_from_pdf_extraction_are_removed():
    block, repairs = clean_line(SourceLine(1, "——2020 年 7 月 15 日在 xx 市第五屆人民代表大會 常務委員會"))
    assert block.text == "——2020年7月15日在 xx 市第五屆人民代表大會常務委員會"
    assert repairs[0].kind == "spacing"


def test_stray_fragment_before_a_section_number_is_dropped():
    block, repairs = clean_line(SourceLine(1, "角 (二)立足新發展格局，長三角競爭力顯著提升"))
    assert block.text == "(二)立足新發展格局，長三角競爭力顯著提升"
    assert repairs[0].kind == "stray" and repairs[0].before.startswith("角")
