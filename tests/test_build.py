"""End to end: the real seeds built into a temporary folder."""
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from gwr import config
from gwr.build.pipeline import build
from gwr.parse.clean import clean_lines
from gwr.parse.identify import split_front_matter
from gwr.parse.ingest import read_sources
from gwr.parse.outline import build_outline, reading_order
from gwr.parse.split import split_source
from gwr.scoring import score

from .conftest import GOLD, ROOT
from .harness import copy_project, tree

CHROME = re.compile(r"阅读全文|点我投稿|投稿须知|版权说明|[¥￥]\d|上一版|下一版|上一篇|下一篇|打赏|赏赞|扫一扫")


def documents(out):
    return json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]


def test_seed_build_meets_the_gold_scores(seed_build):
    out, _ = seed_build
    gold = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))
    tallies, unexpected, misses = score(gold, documents(out), count_copies=False)
    [tally] = tallies.values()
    assert tally.counts["docs"] == [26, 26], misses
    for key, bar in {"meta": 0.95, "top": 0.90, "children": 0.80, "targets": 0.90}.items():
        ok, n = tally.counts[key]
        assert n and ok / n >= bar, (key, misses)
    assert sum(unexpected.values()) == 0


def test_every_document_has_a_page_and_the_home_page_links_them(seed_build):
    out, _ = seed_build
    docs = documents(out)
    home = (out / "index.html").read_text(encoding="utf-8")
    for doc in docs:
        page = out / doc["url"].strip("/") / "index.html"
        assert page.exists(), doc["id"]
        assert f'href="{doc["url"]}"' in home
    assert (out / "404.html").exists()


def test_no_document_text_contains_site_chrome(seed_build):
    out, _ = seed_build
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = "\n".join(row["path"]) + "\n" + row["text"]
        assert not CHROME.search(text), (row["report"], CHROME.search(text).group(0))
        for paragraph in row["text"].split("\n"):
            assert paragraph.strip("- ") not in {"联系我们", "企业入驻", "热点文章阅读", "熱點文章閱讀"}


def test_build_report_records_removed_lines_by_file_and_line(seed_build):
    out, _ = seed_build
    report = json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))
    removed = {(f["file"], r["line"]): r for f in report["files"] for r in f["removed"]}
    sources, _ = read_sources(ROOT / "seeds")
    for source in sources:
        for number, text in enumerate(source.lines, start=1):
            if CHROME.search(text):
                assert (source.name, number) in removed, (source.name, number, text)
                assert removed[(source.name, number)]["text"] == text


def test_the_build_report_accounts_for_every_character_of_each_seed(seed_build):
    """Checked against the seed files themselves: each line is in one document's span, in
    the removed lines (with its text) or blank, and the counts add up to the decoded file."""
    out, _ = seed_build
    files = {f["file"]: f for f in json.loads((out / "data" / "build-report.json").read_text(encoding="utf-8"))["files"]}
    seeds = {p.relative_to(ROOT / "seeds").as_posix(): p for p in (ROOT / "seeds").rglob("*") if p.is_file()}
    assert set(files) == set(seeds)
    for name, path in seeds.items():
        entry, count = files[name], files[name]["characters"]
        text = path.read_bytes().decode(entry["encoding"])
        lines = re.split(r"\r\n|\r|\n", text)
        removed = {r["line"]: r["text"] for r in entry["removed"]}
        owner = {}
        for number, doc in enumerate(entry["documents"]):
            first, last = doc["lines"]
            kept = [n for n in range(first, last + 1) if n not in removed and lines[n - 1].strip()]
            assert not set(kept) & set(owner), (name, doc)
            owner.update(dict.fromkeys(kept, number))
            assert doc["characters"] == sum(len(lines[n - 1]) for n in kept), (name, doc)
        for number, line in enumerate(lines, start=1):
            assert (number in owner) + (number in removed) == bool(line.strip()), (name, number, line)
            assert removed.get(number, line) == line
        assert count["input"] == len(text)
        assert count["format"] == text.count("\r\n")
        assert count["line_breaks"] == len(lines) - 1
        assert count["blank"] == sum(len(line) for line in lines if not line.strip())
        assert count["removed"] == sum(map(len, removed.values()))
        assert count["documents"] == sum(doc["characters"] for doc in entry["documents"])
        assert count["unparsed"] == 0 and count["balanced"]
        assert sum(v for k, v in count.items() if k not in ("input", "balanced")) == len(text)


def test_no_pinyin_annotation_is_left_in_any_page(seed_build):
    out, _ = seed_build
    annotated = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
    for page in out.rglob("*.html"):
        assert not annotated.search(page.read_text(encoding="utf-8")), page


def test_every_character_of_each_document_lands_in_a_heading_or_paragraph(gaz):
    sources, _ = read_sources(ROOT / "seeds")
    for source in sources:
        for doc in split_source(source)[0]:
            blocks, _ = clean_lines(doc.lines)
            _, body = split_front_matter(blocks)
            outline, _ = build_outline(body)
            expected = "".join("".join(b.text for b in body).split())
            assert "".join("".join(reading_order(outline)).split()) == expected, (source.name, doc.index)


def test_two_builds_are_byte_identical_whether_workers_render_report_pages_or_not(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(config.load(str(ROOT / "seeds"), str(first), jobs=2))  # the workers mark and render report pages
    build(config.load(str(ROOT / "seeds"), str(second), jobs=1))  # this process does all
    files_a = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_bad_files_warn_by_name_and_strict_fails(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_bytes((ROOT / "seeds" / "002_2f8fd0b9c6f0d807.txt").read_bytes())
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "build.py"), "--seeds", str(seeds), "--out", str(out)]
    relaxed = subprocess.run(command, capture_output=True, text=True)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "empty.txt" in relaxed.stderr and "picture.png" in relaxed.stderr
    assert [d["doc_type"] for d in documents(out)] == ["plan_report"]
    strict = subprocess.run(command + ["--strict"], capture_output=True, text=True)
    assert strict.returncode == 1
    assert documents(out)[0]["region"]["name"] == "天津市"  # the site was still built


def test_slogan_is_nowhere_a_heading(seed_build):
    out, _ = seed_build

    def headings(nodes):
        for n in nodes:
            yield n["heading"]
            yield from headings(n["children"])

    for doc in documents(out):
        assert not any("当好排头兵" in h for h in headings(doc["outline"])), doc["id"]


def test_traditional_report_keeps_its_script_with_every_heading_recognised(seed_build):
    out, _ = seed_build
    doc = next(d for d in documents(out) if d["region"]["anonymized"])
    assert doc["script"] == "traditional" and doc["title"] == "2020年上半年政府工作報告"
    parts = doc["outline"]
    assert [len(p["children"]) for p in parts] == [6, 6]
    second = parts[1]["children"]
    assert second[0]["heading"].startswith("（一）在新發展格局")  # re-decoded from mojibake
    assert [("number-inferred" in c.get("flags", [])) for c in second] == [False, False, True, False, False, True]
    rows = [json.loads(line) for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines()]
    simplified = "".join(r.get("text_simplified", "") for r in rows if r["report"] == doc["id"])
    assert "经济社会发展" in simplified and "經濟" not in simplified


def test_method_page_is_rendered_from_markdown(seed_build):
    out, _ = seed_build
    page = (out / "method" / "index.html").read_text(encoding="utf-8")
    assert "<h1>方法说明</h1>" in page and "<table>" in page


def test_region_pages_link_reports_by_year_parents_children_and_news(seed_build):
    out, _ = seed_build
    ningbo = (out / "regions" / "ningbo" / "index.html").read_text(encoding="utf-8")
    assert ningbo.index('href="/reports/ningbo-2019/"') < ningbo.index('href="/reports/ningbo-2020/"')
    assert 'href="/regions/zhejiang/"' in ningbo
    zhejiang = (out / "regions" / "zhejiang" / "index.html").read_text(encoding="utf-8")
    for city in ("ningbo", "hangzhou", "huzhou", "zhejiang-taizhou", "wenzhou"):
        assert f'href="/regions/{city}/"' in zhejiang
    huzhou = (out / "regions" / "huzhou" / "index.html").read_text(encoding="utf-8")
    assert "安吉构筑立体人才生态" in huzhou  # news about a county below the city
    anhui = (out / "regions" / "anhui" / "index.html").read_text(encoding="utf-8")
    children, in_province = anhui.split("本省有报告的地区")
    assert 'href="/regions/chuzhou/"' in children and 'href="/regions/laian/"' not in children
    assert 'href="/regions/laian/"' in in_province  # a county with a report, one click from its province
    year = (out / "years" / "2020" / "index.html").read_text(encoding="utf-8").split("报告并列")[0]  # the list
    assert year.count('href="/reports/') == len([d for d in documents(out)
                                                 if d["year"] == 2020 and d["doc_type"] != "news"])


def processes_naming(folder: Path) -> list[int]:
    """Processes whose command line names the folder."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(folder).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:  # ended meanwhile
            continue
    return found


def test_a_build_killed_midway_leaves_the_last_site_whole_and_the_next_one_cleans_up(tmp_path):
    project = copy_project(tmp_path / "project")
    build_py = [sys.executable, "build.py"]
    subprocess.run(build_py, cwd=project, check=True, capture_output=True)
    out = project / "output"
    before = tree(out)
    # Without the cache the build writes every page, so it is still writing when it is killed.
    killed = subprocess.Popen([*build_py, "--no-cache"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staged = None
    while staged is None and killed.poll() is None and time.monotonic() < deadline:
        staged = next((p for p in project.glob(".output-new-*") if any(p.glob("reports/*/index.html"))), None)
    assert staged is not None, "the build finished or failed before it wrote a page"
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert tree(out) == before
    assert staged.is_dir()  # left behind by the killed build
    # Its fork server and workers end with it (the fork server's command line names the project).
    deadline = time.monotonic() + 30
    while processes_naming(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_naming(project) == []
    subprocess.run(build_py, cwd=project, check=True, capture_output=True)
    assert tree(out) == before  # the same inputs: the same site
    assert not staged.exists()
    assert list(project.glob(".output-new-*")) == []  # nor the text the killed build spilled
