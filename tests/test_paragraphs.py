"""Paragraph breaks put back into run-on text."""
from gwr.model import Paragraph, Section
from gwr.parse.paragraphs import RUN_ON_TARGET, SHORTEST, break_paragraphs, break_run_on, sentences

POINT = "我们推进了改革开放，经济保持平稳增长。"


def test_sentences_end_after_their_closing_marks_and_never_inside_a_quotation():
    assert sentences("他说：“要发展。要稳定。”我们照办。好！") == ["他说：“要发展。要稳定。”", "我们照办。", "好！"]


def test_a_run_on_paragraph_breaks_before_each_new_point_and_at_length():
    text = POINT * 3 + "一是" + POINT * 2 + "二是" + POINT * 2 + "——" + POINT * 30
    pieces = break_run_on(Paragraph(text, 5, 5))
    assert "".join(p.text for p in pieces) == text  # nothing lost, nothing added
    assert [p.text[:2] for p in pieces[:4]] == ["我们", "一是", "二是", "——"]
    assert pieces[3].kind == "li" and all(p.first_line == 5 for p in pieces)
    assert all(len(p.text) < RUN_ON_TARGET + len(POINT) + SHORTEST for p in pieces)


def test_a_short_paragraph_or_an_opening_stays_whole_and_no_tail_is_left_alone():
    assert break_run_on(Paragraph(POINT * 3, 1, 1)) == [Paragraph(POINT * 3, 1, 1)]
    opening = Paragraph("各位代表：" + POINT * 40, 1, 1, kind="opening")
    assert break_run_on(opening) == [opening]
    pieces = break_run_on(Paragraph(POINT * 14 + "好。", 1, 1))
    assert not pieces[-1].text.startswith("好") and pieces[-1].text.endswith("好。")


def test_boxes_keep_their_place_among_broken_paragraphs():
    box = Section("专栏1", "box", 1, 3, after_paragraph=1)
    paragraphs = [Paragraph(POINT * 30, 2, 2), Paragraph("一段短文。", 4, 4)]
    out = break_paragraphs(paragraphs, {2}, [box])
    assert len(out) > 2 and out[-1].text == "一段短文。"
    assert box.after_paragraph == len(out) - 1  # still after the text of line 2, before line 4
