"""PDFs of real reports' paragraphs as LibreOffice prints them (tests/formats/make_fixtures.sh):
running heads and page numbers, two columns, a table, a heading cut by a page break, automatic
numbering with a footnote, and a scanned page."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from gwr import config
from gwr.build.pipeline import build
from gwr.model import Diagnostic
from gwr.parse.formats.pdf import read_pdf
from gwr.parse.ingest import read_source
from tests.harness import ROOT

PDF = ROOT / "tests" / "formats" / "pdf"
CORPUS = ROOT / "tests" / "corpus" / "cities-2024"
# What each fixture prints: (report, its first and last source lines, running head, page number as printed)
PRINTED = {
    "running-heads": ("恩施", 1, 40, "恩施市人民政府工作报告", "— {} —"),
    "two-column": ("威海", 1, 16, None, "-{}-"),
    "heading-break": ("凉山", 27, 45, "凉山州人民政府工作报告", "第 {} 页"),
}


def no_space(text: str) -> str:
    return "".join(text.split())


def source_paragraphs(report: str, first: int, last: int) -> list[str]:
    lines = (CORPUS / f"{report}.txt").read_text(encoding="utf-8").split("\n")[first - 1:last]
    return [no_space(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def read():
    return {path.stem: read_pdf(path.read_bytes()) for path in PDF.glob("*.pdf") if path.stem != "scanned"}


def body(text) -> list[str]:
    return [no_space(line) for number, line in enumerate(text.lines, 1) if number not in text.furniture]


@pytest.mark.parametrize("name", PRINTED)
def test_each_printed_paragraph_is_one_line_again(read, name):
    report, first, last, _, _ = PRINTED[name]
    expected = source_paragraphs(report, first, last)
    read_back = body(read[name])[-len(expected):]  # the title and opening of heading-break come first
    if name == "two-column":  # LibreOffice prints no comma that would hang past a column's end (pdftotext finds none)
        expected = [p.replace("，", "") for p in expected]
        read_back = [p.replace("，", "") for p in read_back]
    assert read_back == expected


@pytest.mark.parametrize("name", PRINTED)
def test_no_page_number_or_running_head_is_left_in_a_paragraph(read, name):
    _, _, _, head, number = PRINTED[name]
    furniture = [line for n, line in enumerate(read[name].lines, 1) if n in read[name].furniture]
    pages = len([line for line in furniture if re.fullmatch(number.format(r"\d+"), line)])
    assert pages >= 1 and (head is None or furniture.count(head) == pages)  # every page's head and number found
    for paragraph in body(read[name]):
        assert (head is None or head not in paragraph) and not re.search(no_space(number.format(r"\d+")) + "$", paragraph)


def test_a_heading_cut_by_a_page_break_is_whole_again(read):
    heading = "一、坚持在全面推进“三大强州战略”上精准发力，加快建设更具凉山特色优势的现代化产业体系"
    assert heading in body(read["heading-break"])


def test_two_columns_are_read_column_by_column(read):
    lines = body(read["two-column"])
    assert lines[2] == "一、2023年政府工作回顾" and lines[-1].startswith("——幸福指数持续走高")


def test_a_table_is_read_row_by_row(read):
    assert ["指标|2024年预期目标", "地区生产总值增长|5%左右", "居民消费价格涨幅|3%左右"] == [
        line for line in body(read["table"]) if "|" in line]
    assert read["table"].lines[-1] == "2" and len(read["table"].furniture) == 2  # bare page numbers


def test_list_numbers_and_notes_are_read_as_printed(read):
    lines = body(read["numbered"])
    for printed in ("一、2023年工作回顾", "（一）经济发展的", "（二）特色产业的", "二、2024年工作安排",
                    "1.加快重大项目", "2.促进消费扩容"):
        assert any(line.startswith(printed) for line in lines), printed
    assert "1“九大提升行动”见市政府年度旅游工作方案。" in body(read["numbered"])  # the footnote, at its page's foot


def test_a_paragraph_is_found_by_its_page_and_line(read):
    text = read["running-heads"]
    def place(start: str) -> str:
        [number] = [n for n, line in enumerate(text.lines, 1) if no_space(line).startswith(start)]
        return text.locator.place(number)
    assert place("（三）坚持系统") == "第 3 页第 10 行"  # as pdftotext -f 3 -l 3 counts it
    assert place("二、2024年").startswith("第 6 页")


def test_a_scan_and_a_broken_file_are_warnings_naming_them(tmp_path):
    problem = read_source(PDF / "scanned.pdf", "scans/scanned.pdf")
    assert isinstance(problem, Diagnostic) and problem.path == "scans/scanned.pdf" and "scanned" in problem.message
    (tmp_path / "cut.pdf").write_bytes((PDF / "table.pdf").read_bytes()[:3000])
    problem = read_source(tmp_path / "cut.pdf", "cut.pdf")
    assert isinstance(problem, Diagnostic) and "PDF" in problem.message


def test_a_scanned_page_among_text_pages_is_a_warning_naming_it():
    source = read_source(PDF / "part-scanned.pdf", "part-scanned.pdf")
    assert source.warnings == ("page(s) 3 are scanned images without a text layer: their text is missing "
                               "(no OCR is done)",)
    assert "地区生产总值增长 | 5%左右" in source.lines  # the pages with text are read


def test_each_pdf_report_is_found_with_its_headings(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in PDF.glob("*.pdf"):
        shutil.copy(path, seeds / path.name)
    out = tmp_path / "output"
    result = build(config.load(str(seeds), str(out), cache=False))
    assert [str(d) for d in result.diagnostics] == [
        "part-scanned.pdf: page(s) 3 are scanned images without a text layer: their text is missing (no OCR is done)",
        "scanned.pdf: is a scanned PDF without a text layer (no OCR is done); skipped"]
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    found = {d["source"]["file"]: d for d in documents}
    expected = {"running-heads.pdf": ("恩施市", ["一、2023年工作回顾", "二、2024年工作安排"]),
                "two-column.pdf": ("威海市", ["一、2023年政府工作回顾"]),
                "part-scanned.pdf": ("北京市", ["一、2023年工作回顾", "二、2024年重点任务"]),
                "numbered.pdf": ("林芝市", ["一、2023年工作回顾", "二、2024年工作安排"]),
                "heading-break.pdf": ("凉山彝族自治州", None)}
    assert set(found) == set(expected)
    assert [c["file"] for c in found["part-scanned.pdf"]["source"]["also"]] == ["table.pdf"]  # the same text pages
    for name, (region, headings) in expected.items():
        report = found[name]
        assert (report["doc_type"], report["region"]["name"], report["year"]) == ("work_report", region, 2024), name
        if headings:
            assert [s["heading"] for s in report["outline"]] == headings, name
        assert report["source"]["place"].startswith("第 1 页第 ")
    removed = {f["file"]: f["removed"] for f in json.loads((out / "data" / "build-report.json").read_text("utf-8"))["files"]}
    assert {"place": "第 2 页第 29 行", "reason": "page number", "text": "— 2 —"} in [
        {k: r[k] for k in ("place", "reason", "text")} for r in removed["running-heads.pdf"]]


def test_a_damaged_file_of_any_format_is_a_warning(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "no-body.docx", "w") as package:  # a zip without word/document.xml
        package.writestr("[Content_Types].xml", "<Types/>")
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (tmp_path / "empty.mhtml").write_bytes(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nno page here")
    for name in ("no-body.docx", "garbage.pdf", "empty.mhtml"):
        problem = read_source(tmp_path / name, name)
        assert isinstance(problem, Diagnostic) and problem.path == name and problem.message.endswith("skipped"), name
