"""The real seeds and hostile files beside them, built end to end: the good documents are all
there, each bad file is named in a warning, --strict fails, a report found twice is kept
once, and no payload in a report is markup anywhere in the site."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT
from .harness import serving

PAYLOADS = ['<script>alert("gwr")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(2)>']


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(seeds folder, output folder, what build.py printed on stderr, --strict's exit code)."""
    root = tmp_path_factory.mktemp("hostile")
    seeds = shutil.copytree(ROOT / "seeds", root / "seeds")
    first = sorted(seeds.iterdir())[0]
    text = first.read_text(encoding="utf-8")
    (seeds / "空 文件.txt").write_bytes(b"")
    (seeds / "binary.dat").write_bytes(bytes(range(256)) * 64)
    (seeds / "GBK 副本.txt").write_bytes(text.encode("gb18030"))  # the same reports in another encoding
    (seeds / "copy (2).txt").write_text(text, encoding="utf-8")
    (seeds / "繁體.txt").write_bytes("各位代表：臺灣經濟發展，推進產業升級。".encode("big5"))
    (seeds / "utf16.txt").write_bytes(("2024年政府工作报告\n各位代表：" + "推进高质量发展。" * 50).encode("utf-16"))
    (seeds / "long line.txt").write_text("各位代表：" + "发展经济，增长5%。" * 180_000, encoding="utf-8")  # 5 MB
    hostile_text = text.replace("政府工作报告", "政府工作报告" + PAYLOADS[0], 1)
    for payload in PAYLOADS:
        hostile_text = hostile_text.replace("。", "。" + payload, 2)
    (seeds / "payload.md").write_text(hostile_text, encoding="utf-8")
    (seeds / "title payload.txt").write_text(
        f"2024年宁波市{PAYLOADS[0]}政府工作报告\n——2024年1月10日在宁波市第十六届人民代表大会第三次会议上\n各位代表：\n"
        "一、2023年工作回顾\n全市生产总值增长5.5%。\n二、2024年主要目标\n地区生产总值增长5%左右。\n", encoding="utf-8")
    os.symlink("loop", seeds / "loop")
    os.mkfifo(seeds / "pipe.txt")  # reading it would wait for a writer forever
    os.symlink("/proc/self/mem", seeds / "unreadable.txt")  # a file whose reading fails, even for root
    body = "".join(f"<p>{sentence}</p>" for sentence in ["各位代表：", "一、2023年工作回顾", "全市生产总值增长5.5%。" * 20,
                                                          "二、2024年主要目标", "地区生产总值增长5%左右。" * 20])
    (seeds / "网页 报告.html").write_text(
        "<html><head><title>2024年宁波市政府工作报告</title><script>alert(3)</script></head><body>"
        f"<h1>2024年宁波市政府工作报告</h1>{body}<p>&lt;script&gt;alert(\"gwr\")&lt;/script&gt;</p></body></html>",
        encoding="utf-8")
    out = root / "output"
    run = subprocess.run([sys.executable, "build.py", "--seeds", str(seeds), "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)  # a file that blocks reading must not hang CI
    assert run.returncode == 0, run.stderr
    strict = subprocess.run([sys.executable, "build.py", "--seeds", str(seeds), "--out", str(root / "strict"),
                             "--strict"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    return seeds, out, run.stderr, strict.returncode


def ids(out):
    return [d["id"] for d in json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]]


def test_the_good_documents_are_all_there(hostile, seed_build):
    _, out, _, _ = hostile
    found = ids(out)
    assert set(ids(seed_build[0])) <= set(found) and len(found) == len(set(found))
    report = json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))
    [html] = [f for f in report["files"] if f["file"] == "网页 报告.html"]
    assert len(html["documents"]) == 1 and html["encoding"] == "utf_8"


def test_the_build_report_accounts_for_every_character_of_every_file_read(hostile):
    seeds, out, _, _ = hostile
    report = json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))
    counts = {f["file"]: f["characters"] for f in report["files"]}
    assert all(count["balanced"] for count in counts.values())
    for name, encoding in [("GBK 副本.txt", "gb18030"), ("utf16.txt", "utf-16"), ("long line.txt", "utf-8")]:
        assert counts[name]["input"] == len((seeds / name).read_bytes().decode(encoding))
        assert counts[name]["documents"] + counts[name]["removed"] > 0 and counts[name]["format"] == 0
    assert counts["网页 报告.html"]["format"] > len("<script>alert(3)</script>")


def test_each_bad_file_is_named_in_a_warning_and_strict_fails(hostile):
    _, _, stderr, strict_code = hostile
    warnings = [line for line in stderr.splitlines() if line.startswith("warning: ")]
    for name in ["空 文件.txt", "binary.dat", "loop", "pipe.txt", "unreadable.txt"]:
        assert sum(f"warning: {name}:" in line for line in warnings) == 1, (name, warnings)
    assert strict_code == 1


def test_a_report_found_twice_is_kept_once_with_both_sources(hostile):
    seeds, out, _, _ = hostile
    first = sorted(p.name for p in seeds.iterdir())[0]
    report = json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))
    by_file = {f["file"]: f["documents"] for f in report["files"]}
    kept = {d["id"] for d in by_file[first]}
    for copy in ["GBK 副本.txt", "copy (2).txt"]:
        assert by_file[copy] and {d["same_as"] for d in by_file[copy]} == kept
    documents = {d["id"]: d for d in json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]}
    for report_id in kept:  # (and in payload.md, where its payloads left the report as it was)
        assert {"GBK 副本.txt", "copy (2).txt"} <= {entry["file"] for entry in documents[report_id]["source"]["also"]}


def test_no_payload_is_markup_anywhere_in_the_site(hostile):
    _, out, _, _ = hostile
    pages = [p for p in out.rglob("*") if p.suffix in {".html", ".xml"}]
    assert pages
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            assert payload not in text, (page, payload)
        shown += "alert(" in text  # the payloads are shown, as text
    assert shown


def compact(text: str) -> str:
    """Without whitespace and paragraph marks (¶, the citation link ending each paragraph)."""
    return "".join(text.replace("¶", " ").split())


def test_payloads_are_text_to_a_reader_in_a_real_browser(hostile, page):
    """The report page, the home page and search results show the payloads as text: no
    dialog opens, no element carries an event handler, the reader sees the characters."""
    _, out, _, _ = hostile
    report = json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))
    first_id = {f["file"]: d["id"] for f in report["files"] for d in reversed(f["documents"]) if "id" in d}
    report_id, titled = first_id["payload.md"], first_id["title payload.txt"]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serving(out) as url:
        page.goto(f"{url}/reports/{report_id}/")
        body = compact(page.locator("main").inner_text())  # a run-on report's spaces may end paragraphs
        assert compact(PAYLOADS[1]) in body and compact(PAYLOADS[2]) in body
        page.goto(f"{url}/reports/{titled}/")
        assert PAYLOADS[0] in page.locator("h1").inner_text() and PAYLOADS[0] in page.title()
        page.goto(url + "/")
        assert PAYLOADS[0] in page.locator(f"a[href='/reports/{titled}/']").first.get_attribute("title")
        page.goto(url + "/search/?q=onerror")
        page.wait_for_selector("#results .result-group")
        assert compact(PAYLOADS[1]) in compact(page.locator("#results").inner_text())
        assert page.locator("#results .snippet mark", has_text="onerror").count() > 0
        for path in (f"/reports/{report_id}/", f"/reports/{titled}/", "/", "/search/?q=onerror"):
            page.goto(url + path)
            assert page.locator("[onerror], [onload], script:not([src])").count() == 0, path
    assert dialogs == [] and page.errors == []
