"""Word files: real .docx originals of reports in tests/corpus, and a file written by LibreOffice
with automatic list numbering, a table, a footnote, a header and a footer
(tests/formats/make_fixtures.sh)."""
from __future__ import annotations

import difflib
import json
import re
import shutil

import pytest
from docx.oxml import parse_xml

from gwr import config
from gwr.build.pipeline import build
from gwr.model import Diagnostic, Locator
from gwr.parse.formats.word import ListCounters, numbering_definitions, read_word
from gwr.parse.ingest import read_source
from tests.harness import ROOT

WORD = ROOT / "tests" / "formats" / "word"
COPIES = ROOT / "tests" / "corpus" / "cities-2024"
REAL = sorted(WORD.glob("[!a-z]*.docx"))  # the originals, named by their city


def no_space(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("word", REAL, ids=lambda p: p.stem)
def test_a_real_word_file_reads_as_its_text_copy(word):
    read = no_space("\n".join(read_word(word.read_bytes()).lines))
    copy = no_space((COPIES / f"{word.stem}.txt").read_text(encoding="utf-8"))
    matched = sum(b.size for b in difflib.SequenceMatcher(None, read, copy, autojunk=False).get_matching_blocks())
    assert matched / max(len(read), len(copy)) >= 0.97


@pytest.fixture(scope="module")
def numbered():
    return read_word((WORD / "numbered.docx").read_bytes())


def test_automatic_numbering_is_printed_as_word_prints_it(numbered):
    starts = [line[:12] for line in numbered.lines if line]
    assert starts[3:11] == ["一、2023年工作回顾", "（一）经济发展的好政策、", "（二）特色产业的规模化、", "各位代表!回首2023年",
                            "二、2024年工作安排", "（一）内挖潜力、外聚合力", "1.加快重大项目建设。实", "2.促进消费扩容升级。发"]


def test_a_table_is_read_row_by_row(numbered):
    assert "指标 | 预期目标" in numbered.lines and "地区生产总值增长 | 8%左右" in numbered.lines


def test_a_footnote_is_kept_as_a_note_after_the_text(numbered):
    [marked] = [line for line in numbered.lines if line.startswith("（二）特色产业")]
    assert marked.endswith("位居全区前列。[1]")
    assert numbered.lines[-2:] == ("注释", "[1] “九大提升行动”见市政府年度旅游工作方案。")


def test_headers_and_footers_are_left_out_as_chrome(numbered):
    text = "\n".join(numbered.lines)
    assert "林芝市人民政府工作报告" not in text and "第 1 页" not in text
    # what was left out is counted: the characters read exceed the lines kept
    assert numbered.characters == sum(map(len, numbered.lines)) + len(numbered.lines) - 1 + len("林芝市人民政府工作报告" "第 1 页")


def test_a_line_is_found_by_its_paragraph_number(numbered):
    assert numbered.locator.unit == "paragraph"
    line = numbered.lines.index("二、2024年工作安排") + 1
    assert numbered.locator.place(line) == "第 8 段"  # the eighth paragraph that holds text


NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_list_counters_count_restart_and_override():
    counters = ListCounters(numbering_definitions(parse_xml(NUMBERING)))
    printed = [counters.label("1", level) for level in (0, 1, 1, 0, 1, 2)]
    assert printed == ["一、", "1.1 ", "1.2 ", "二、", "2.1 ", ""]  # legal numbering in decimal; a bullet unprinted
    assert [counters.label("2", 0) for _ in range(3)] == ["九、", "十、", "十一、"]  # its own counter, started at 9
    assert counters.label("7", 0) == ""  # a list the definitions lack prints nothing


def test_locators_name_lines_paragraphs_and_pages():
    assert Locator().span((3, 9)) == "第 3–9 行"
    assert Locator("paragraph", (1, 3, 4)).span((3, 9)) == "第 2–3 段"
    pages = Locator("page", pages=(1, 1, 2), rows=(3, 9, 5))
    assert pages.place(3) == "第 2 页第 5 行"
    assert pages.span((1, 3)) == "第 1 页第 3 行至第 2 页第 5 行"


def test_an_old_binary_word_file_is_a_warning_that_says_so(tmp_path):
    problem = read_source(WORD / "numbered.doc", "old.doc")
    assert isinstance(problem, Diagnostic) and problem.path == "old.doc" and ".doc" in problem.message
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a package")
    problem = read_source(tmp_path / "broken.docx", "broken.docx")
    assert isinstance(problem, Diagnostic) and "Word" in problem.message


def test_a_report_in_word_and_in_text_is_one_document_with_both_sources(tmp_path):
    seeds = tmp_path / "seeds"
    for folder, names in (("word", ["林芝.docx", "恩施.docx", "numbered.docx", "numbered.doc"]),
                          ("text", ["林芝.txt", "恩施.txt"])):
        (seeds / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(WORD / name if name.startswith("numbered") or name.endswith(".docx") else COPIES / name,
                        seeds / folder / name)
    out = tmp_path / "output"
    result = build(config.load(str(seeds), str(out), cache=False))
    assert [d.path for d in result.diagnostics] == ["word/numbered.doc"]
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    by_source = {d["source"]["file"]: d for d in documents}
    assert set(by_source) == {"text/林芝.txt", "text/恩施.txt", "word/numbered.docx"}
    for stem in ("林芝", "恩施"):
        [also] = by_source[f"text/{stem}.txt"]["source"]["also"]
        assert also["file"] == f"word/{stem}.docx" and also["place"].endswith("段")
    numbered = by_source["word/numbered.docx"]
    assert [s["heading"] for s in numbered["outline"]][:2] == ["一、2023年工作回顾", "二、2024年工作安排"]
    page = (out / numbered["url"].strip("/") / "index.html").read_text(encoding="utf-8")
    assert "word/numbered.docx</code> 第 1–13 段" in page
    # each Word paragraph, table row and note a paragraph of its own, none joined to the one before
    for text in ("指标 | 预期目标", "注释"):
        assert f">{text}<a class=\"pilcrow\"" in page, text
    assert re.search(r'<p [^>]*>\[1\] [^\n]*旅游工作方案。<a class="pilcrow"', page)  # the note (marks inside)
    assert re.search(r'<p [^>]*>各位代表!回首', page)
