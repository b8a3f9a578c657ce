"""Real reports in the other forms researchers bring them in, made at test time from the real
texts of tests/corpus: a PDF's text (lines broken mid-sentence, page numbers, a running head),
the whole report on one line, a news site's reprint (标题：, A+, 来源, 相关新闻), GBK bytes,
a —— subtitle under each heading, and a league's report to its standing committee (各位主任、
委员; 盟行政公署). Each is identified as its original is, and keeps the original's parts."""
from __future__ import annotations

import json
import re

import pytest

from gwr import config
from gwr.build.pipeline import build
from tests.harness import ROOT

CORPUS = ROOT / "tests" / "corpus" / "cities-2024"
GOLD = {e["source_file"].split("/")[-1]: e
        for e in json.loads((ROOT / "tests" / "gold" / "corpus-sample.json").read_text(encoding="utf-8"))["reports"]}


def lines_of(name: str) -> list[str]:
    return [line for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def as_pdf_text(lines: list[str], width: int = 34, page_lines: int = 38) -> list[str]:
    out: list[str] = []
    for line in lines:
        for start in range(0, len(line), width):
            out.append(line[start:start + width])
            if len(out) % page_lines == 0:
                out += [f"— {len(out) // page_lines} —", "政府工作报告"]
    return out


def with_subtitles(lines: list[str]) -> list[str]:
    return [piece for line in lines
            for piece in ([line, "——坚定信心 真抓实干"] if re.match(r"^[一二三四五六七八九十]、", line) else [line])]


FORMS = {  # file written: (original, how its text is made, encoding)
    "pdf.txt": ("长沙.txt", lambda ls: "\n".join(as_pdf_text(ls)), "utf-8"),
    "one-line.txt": ("吉安.txt", lambda ls: "".join(ls), "utf-8"),
    "reprint.txt": ("威海.txt", lambda ls: "\n".join(
        ["首页 > 要闻", "标题：威海市2024年政府工作报告", "A+", "A-", "来源：威海日报", "责任编辑：张三",
         "发布时间：2024-01-20 08:00"] + ls + ["相关新闻", "威海召开会议", "扫一扫在手机打开当前页"]), "utf-8"),
    "gbk.txt": ("黔西南.txt", lambda ls: "\n".join(ls), "gbk"),
    "subtitles.txt": ("绍兴.txt", lambda ls: "\n".join(with_subtitles(ls)), "utf-8"),
}


@pytest.fixture(scope="module")
def forms_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    (root / "seeds").mkdir()
    for name, (original, make, encoding) in FORMS.items():
        (root / "seeds" / name).write_bytes(make(lines_of(original)).encode(encoding, errors="replace"))
    league = "\n".join(lines_of("林芝.txt")).replace("各位代表：", "各位主任、委员：").replace("市人民政府", "盟行政公署")
    league = league.replace("全市", "全盟").replace("我市", "我盟").replace("林芝", "锡林郭勒")
    (root / "seeds" / "league.txt").write_text(league, encoding="utf-8")
    result = build(config.load(str(root / "seeds"), str(root / "output"), cache=False))
    documents = json.loads((root / "output" / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    return result, {d["source"]["file"]: d for d in documents}, len(documents)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_report_in_another_form_is_identified_as_its_original(forms_build, name):
    _, documents, _ = forms_build
    gold = GOLD[FORMS[name][0]]
    doc = documents[name]
    assert (doc["region"]["name"], doc["region"]["level"], doc["year"], doc["doc_type"]) == (
        gold["region"]["name"], gold["region"]["level"], gold["year"], gold["doc_type"])
    if "top_level" in gold:
        assert [n["heading"] for n in doc["outline"]] == gold["top_level"]


def test_every_form_is_one_document_without_a_warning(forms_build):
    result, _, count = forms_build
    assert count == len(FORMS) + 1 and result.diagnostics == []


def test_the_reprints_chrome_and_the_pdfs_pages_are_set_apart(forms_build):
    result, documents, _ = forms_build
    assert documents["reprint.txt"]["title"] == "威海市2024年政府工作报告"
    reasons = {(r.file, r.reason) for r in result.removed}
    assert {("pdf.txt", "page number"), ("pdf.txt", "running head"), ("reprint.txt", "page tools"),
            ("reprint.txt", "page metadata"), ("reprint.txt", "related articles")} <= reasons


def test_a_league_report_to_its_standing_committee(forms_build):
    _, documents, _ = forms_build
    doc = documents["league.txt"]
    assert (doc["region"]["name"], doc["region"]["level"], doc["year"], doc["doc_type"]) == (
        "锡林郭勒盟", "prefecture", 2024, "work_report")
