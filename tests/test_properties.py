"""Properties of splitting and outline recovery on arbitrary text (hypothesis): they never
crash, no source line is lost or taken twice (the character account balances), and every character of a document's body lands
in exactly one heading or paragraph, in order."""
from collections import Counter

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gwr.model import SourceFile
from gwr.parse.account import account
from gwr.parse.clean import clean_lines
from gwr.parse.identify import split_front_matter
from gwr.parse.outline import build_outline, reading_order
from gwr.parse.split import split_source

# Pieces that steer the parsers into their branches: headings of every numbering convention,
# front matter, listing separators and bullets, site chrome, pinyin notes, sentences.
PIECES = [
    "一、", "二、", "（一）", "（二）", "(三)", "1.", "2．", "（1）", "第一章", "第二部分", "一是", "二是",
    "政府工作报告", "2024年政府工作报告", "——2024年1月10日在市第十六届人民代表大会第三次会议上", "各位代表：",
    "市长　张三", "2023年工作回顾", "主要目标", "地区生产总值增长5%左右。", "城乡居民收入增长6.5%。",
    "百分之五点五", "-----", "• 【湖州招商】", "2024-01-10", "阅读全文", "上一篇", "点我投稿", "版权说明",
    "區(qū)", "发展(fā zhǎn)", "。", "，", "；", "：", "“", "”", "　", " ", "\t",
]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
HEADING = st.tuples(st.sampled_from(["一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "第一章", "第二章", ""]),
                    st.sampled_from(["工作回顾", "2024年主要目标", "重点任务", "加强政府自身建设", "深化改革"])).map("".join)
SENTENCE = st.lists(st.sampled_from(["全市地区生产总值增长5.5%。", "推进乡村振兴。", "深化放管服改革，", "城乡居民收入增长6%。",
                                     "一是稳增长；二是惠民生。", "各位代表："]), min_size=1, max_size=4).map("".join)
LINE = st.one_of(HEADING, SENTENCE, st.lists(st.one_of(st.sampled_from(PIECES), TEXT), max_size=8).map("".join))
SOURCE = st.lists(LINE, max_size=60)
CASES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def source_of(lines: list[str]) -> SourceFile:
    # As ingest leaves them: no line breaks inside a line.
    lines = [part for line in lines for part in line.replace("\r", "\n").split("\n")]
    return SourceFile("arbitrary.txt", "", "utf_8", tuple(lines))


@CASES
@given(SOURCE)
def test_splitting_keeps_every_line_once(lines):
    source = source_of(lines)
    documents, removed = split_source(source)
    event(f"documents: {min(len(documents), 3)}, removed lines: {min(len(removed), 1)}")
    kept = Counter(line.number for doc in documents for line in doc.lines)
    dropped = Counter(removal.line for removal in removed)
    titles = {doc.title_line for doc in documents if doc.title_line}
    assert not kept & dropped and max(kept.values(), default=1) == 1 and max(dropped.values(), default=1) == 1
    for number, text in enumerate(source.lines, start=1):
        if text.strip():
            assert number in kept or number in dropped or number in titles, (number, text)
    for doc in documents:
        assert all(source.lines[line.number - 1] == line.text for line in doc.lines)
    assert account(source, documents, [], removed).balanced


@CASES
@given(SOURCE)
def test_every_character_of_a_body_lands_in_one_heading_or_paragraph(lines):
    for doc in split_source(source_of(lines))[0]:
        blocks, _ = clean_lines(doc.lines)
        _, body = split_front_matter(blocks)
        outline, _ = build_outline(body)
        event(f"top-level sections: {min(len(outline.sections), 3)}")
        expected = "".join("".join(block.text for block in body).split())
        assert "".join("".join(reading_order(outline)).split()) == expected
