"""What a reader does, in headless Chromium (Debian's package), driven by Playwright."""
import csv
import io
import json
import re

import pytest

from tests.harness import ROOT, serving


@pytest.fixture(scope="module")
def site_url(seed_build):
    out, _ = seed_build
    with serving(out) as url:
        yield url


def test_home_page_leads_to_a_report_and_its_sections(page, site_url):
    page.goto(site_url + "/")
    assert page.locator("table.matrix").is_visible()
    page.get_by_role("link", name="政府工作报告").first.wait_for()
    page.locator('a[title="2020年宁波市政府工作报告"]').click()
    page.wait_for_url("**/reports/ningbo-2020/")
    assert page.locator("h1").inner_text().startswith("2020年宁波市政府工作报告")
    toc = page.locator("nav.toc")
    assert toc.get_by_role("link", name="二、2020年主要目标任务").count() == 1
    toc.get_by_role("link", name="二、2020年主要目标任务").click()
    page.wait_for_url("**#s2")
    assert page.locator("#s2 > h2").inner_text().startswith("二、2020年主要目标任务")
    assert page.errors == []


def test_report_page_shows_metadata_provenance_and_truncation(page, site_url):
    page.goto(site_url + "/reports/laian-2023/")
    assert "来安县" in page.locator(".meta").inner_text()
    assert page.locator(".notice").first.inner_text().startswith("⚠ 原文不完整")
    page.goto(site_url + "/reports/xxqu-2020-h1/")
    page.locator("details.provenance summary").click()
    assert "删除拼音注音" in page.locator("details.provenance").inner_text()
    assert page.errors == []


def test_every_link_on_the_home_page_resolves(page, site_url):
    page.goto(site_url + "/")
    hrefs = page.eval_on_selector_all("a[href^='/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]")
    assert len(hrefs) > 26
    for href in hrefs:
        response = page.request.get(site_url + href)
        assert response.status == 200, href


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def style(page, selector, prop, pseudo=None):
    return page.eval_on_selector(
        selector, "(el, [prop, pseudo]) => getComputedStyle(el, pseudo).getPropertyValue(prop)", [prop, pseudo])


def test_annotation_toggles_switch_each_kind_and_are_remembered(page, site_url):
    page.goto(site_url + "/reports/ningbo-2020/")
    target = ".body .ann.num.target:not(.ledger)"
    ledger = ".body .ann.num.ledger"
    # numbers start switched off, but for the figures of the targets and outcomes
    assert style(page, target, "border-bottom-style") == "none" and style(page, ledger, "border-bottom-style") != "none"
    page.check("#show-num")
    assert style(page, target, "border-bottom-style") == "dashed"
    page.uncheck("#show-num")
    assert style(page, target, "border-bottom-style") == "none"

    term = page.locator(".body .ann.term").first
    definition = page.locator("#" + term.get_attribute("aria-describedby")).text_content()
    assert definition and term.get_attribute("data-def") is None  # said once on the page, not at each mention
    term.focus()
    assert style(page, ".body .ann.term:focus", "content", "::after") == f'"{definition}"'
    page.uncheck("#show-term")
    term.focus()
    assert style(page, ".body .ann.term:focus", "content", "::after") == "none"

    keyword = ".body .ann.kw"
    assert style(page, keyword, "pointer-events") == "none"  # keywords start switched off
    page.check("#show-kw")
    assert style(page, keyword, "pointer-events") == "auto"

    page.reload()
    assert not page.is_checked("#show-num") and not page.is_checked("#show-term") and page.is_checked("#show-kw")
    assert style(page, target, "border-bottom-style") == "none"
    assert page.errors == []


def test_toggles_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/reports/ningbo-2020/")
    assert style(page, ".body .ann.region", "border-bottom-style") == "solid"
    page.uncheck("#show-region")
    assert style(page, ".body .ann.region", "border-bottom-style") == "none"
    context.close()


def test_cite_control_gives_region_year_title_section_paragraph_and_url(browser, site_url, seed_build):
    out, _ = seed_build
    doc = next(d for d in json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
               if d["id"] == "ningbo-2020")
    part = doc["outline"][1]
    section = part["children"][0]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + doc["url"])
    paragraphs = page.locator(f"#{section['anchor']} > p.para")
    number = min(2, paragraphs.count())
    anchor = paragraphs.nth(number - 1).get_attribute("id")
    pilcrow = page.locator(f"#{anchor} > a.pilcrow")
    assert pilcrow.get_attribute("title") is None  # named once in the page (aria-label) ...
    pilcrow.hover()
    assert pilcrow.get_attribute("title") == "引用本段"  # ... and shown as a tooltip when pointed at
    pilcrow.click()
    box = page.locator("#cite-box")
    box.wait_for(state="visible")
    short = (f"{doc['region']['name']}：《{doc['title']}》（{doc['year']}），"
             f"{part['heading']} › {section['heading']}，第{number}段。").replace("。，", "。")  # no mark doubled
    # then the GB/T 7714 reference, to the paragraph's published address, accessed today
    reference = re.escape(f"{doc['region']['name']}人民政府. {doc['title']}[R/OL]. ({doc['date']})[") + \
        r"\d{4}-\d{2}-\d{2}" + re.escape(f"]. {doc['permalink']}#{anchor}.")
    cited = page.input_value("#cite-text")
    assert re.fullmatch(re.escape(short) + "\n" + reference, cited), cited
    page.wait_for_function("document.getElementById('cite-status').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == cited
    assert page.url.endswith("#" + anchor)
    page.keyboard.press("Escape")
    assert box.is_hidden()
    # the report's references: the access date filled in, each copied by its button
    page.locator("#cite-report > summary").click()
    bibtex = page.locator("#cite-bibtex").text_content()
    assert re.search(r"urldate = \{\d{4}-\d{2}-\d{2}\}", bibtex) and bibtex.startswith("@techreport{ningbo-2020,")
    page.locator("button.copy-cite[data-target=cite-ris]").click()
    page.wait_for_function("document.querySelector('button.copy-cite[data-target=cite-ris]').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#cite-ris").text_content()
    assert "Y2  - 引用日期" not in page.locator("#cite-ris").text_content()
    context.close()


def test_a_term_leads_to_its_page_with_every_occurrence(page, site_url):
    page.goto(site_url + "/reports/ningbo-2020/")
    term = page.locator(".body a.ann.term", has_text="八八战略").first
    term.click()
    page.wait_for_url("**/glossary/ba-ba-zhan-lve/")
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() >= 2
    assert page.locator(".chart").count() == 2
    assert rows.filter(has_text="宁波市 2020").count() >= 1


@pytest.mark.parametrize("path", ["/", "/reports/ningbo-2020/", "/regions/ningbo/", "/targets/", "/glossary/",
                                  "/glossary/ba-ba-zhan-lve/", "/regions/ningbo/compare/",
                                  "/search/?q=营商环境", "/trends/?q=营商环境"])
def test_no_serious_accessibility_violations(page, site_url, path):
    page.goto(site_url + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    assert violations == []
    assert page.errors == []


def search_summary(page) -> str:
    page.wait_for_function("document.getElementById('summary').dataset.count !== undefined")
    return page.inner_text("#summary")


def test_typing_a_query_shows_results_grouped_by_report(page, site_url):
    page.goto(site_url + "/search/")
    page.fill("#q", "最多跑一次")
    page.wait_for_function("document.querySelectorAll('#results .result-group').length > 0")
    assert "最多跑一次" in search_summary(page)
    snippets = page.locator("#results .snippet mark")
    assert snippets.count() > 0 and all(t == "最多跑一次" for t in snippets.all_inner_texts())
    assert "q=%E6%9C%80%E5%A4%9A" in page.url
    assert page.errors == []


def test_search_reads_from_each_report_page_the_sections_the_build_indexed(page, site_url, seed_build):
    out, _ = seed_build
    expected: dict[str, list] = {}
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected.setdefault(row["report"], []).append(["" if row["anchor"] == "preamble" else row["anchor"], row["path"], row["text"]])
    page.goto(site_url + "/search/")
    read = page.evaluate("""async (ids) => {
      const found = {};
      for (const id of ids) {
        const html = await (await fetch("/reports/" + id + "/")).text();
        found[id] = GwrSearch.pageSections(new DOMParser().parseFromString(html, "text/html"));
      }
      return found;
    }""", sorted(expected))
    assert len(read) > 20
    for report_id, sections in expected.items():
        assert read[report_id] == sections, report_id
    assert page.errors == []


def test_a_simplified_query_finds_the_traditional_report(page, site_url, seed_build):
    _, result = seed_build
    traditional = next(r for r in result.reports if r.meta.script == "traditional")
    page.goto(site_url + "/search/?q=" + "营商环境")
    page.wait_for_selector("#results .result-group")
    link = page.locator(f"#results .result-group h2 a[href^='{traditional.url}']")
    assert link.count() == 1
    group = page.locator("#results .result-group", has=page.locator(f"h2 a[href^='{traditional.url}']"))
    assert "營商環境" in group.locator(".snippet mark").first.inner_text()


def test_a_filter_narrows_the_list_and_the_url_round_trips(page, site_url):
    page.goto(site_url + "/search/?q=高质量发展")
    page.wait_for_selector("#results .result-group")
    before = int(page.get_attribute("#summary", "data-count"))
    page.select_option("select[data-filter=year]", "2020")
    page.wait_for_url("**year=2020**")
    after = int(search_summary(page) and page.get_attribute("#summary", "data-count"))
    assert 0 < after < before
    metas = page.locator(".result-meta").all_inner_texts()
    assert metas and all(" · 2020 · " in m for m in metas)
    # the other filters count what they would leave with the year as it is
    def counts(name: str) -> list[int]:
        return [int(re.search(r"（(\d+) 篇）", t).group(1)) for t in page.locator(f"select[data-filter={name}] option").all_inner_texts()[1:]]
    year_option = page.locator("select[data-filter=year] option[value='2020']").inner_text()
    assert sum(counts("province")) == sum(counts("level")) == int(re.search(r"（(\d+) 篇）", year_option).group(1))
    page.go_back()
    page.wait_for_function(f"document.getElementById('summary').dataset.count === '{before}'")
    page.go_forward()
    page.wait_for_function(f"document.getElementById('summary').dataset.count === '{after}'")
    page.reload()
    page.wait_for_selector("#results .result-group")
    assert page.input_value("#q") == "高质量发展" and page.input_value("select[data-filter=year]") == "2020"


def result_facts(page) -> list[list[str]]:
    """[region, level, year, type] of each result shown, as its line under the title says."""
    return [m.split(" · ")[:4] for m in page.locator(".result-meta").all_inner_texts()]


def test_reports_come_before_news_and_the_other_orders_sort(page, site_url):
    page.goto(site_url + "/search/?q=营商环境")
    search_summary(page)
    types = [f[3] for f in result_facts(page)]
    assert "新闻" in types and types.index("新闻") > 0
    assert types == sorted(types, key=lambda t: t == "新闻")  # every report before every news item
    page.select_option("#sort", "year-desc")
    page.wait_for_url("**sort=year-desc**")
    search_summary(page)
    years = [int(f[2]) for f in result_facts(page) if f[2].isdigit()]
    assert len(years) > 3 and years == sorted(years, reverse=True) and years[0] > years[-1]
    page.select_option("#sort", "year-asc")
    page.wait_for_url("**sort=year-asc**")
    search_summary(page)
    years = [int(f[2]) for f in result_facts(page) if f[2].isdigit()]
    assert years == sorted(years)
    page.reload()
    search_summary(page)
    assert page.input_value("#sort") == "year-asc"
    assert page.errors == []


def test_the_level_filter_keeps_the_level_and_focus_stays_on_the_changed_filter(page, site_url):
    page.goto(site_url + "/search/?q=高质量发展")
    search_summary(page)
    levels = {f[1] for f in result_facts(page)}
    assert {"省级", "地级"} <= levels
    select = page.locator("select[data-filter=level]")
    select.focus()
    options = select.locator("option").all_inner_texts()
    page.keyboard.press("ArrowDown")  # a keyboard user picks the next option: the first level
    page.wait_for_url("**level=**")
    search_summary(page)
    chosen = page.input_value("select[data-filter=level]")
    assert chosen and options[1].startswith(chosen)
    assert {f[1] for f in result_facts(page)} == {chosen}
    assert page.evaluate("document.activeElement.dataset.filter") == "level"
    page.keyboard.press("ArrowDown")  # and the next: the focus is still there to take it
    page.wait_for_function(f"new URLSearchParams(location.search).get('level') !== {json.dumps(chosen)}")
    assert page.evaluate("document.activeElement.dataset.filter") == "level"
    assert page.errors == []


def test_counts_are_exact_and_the_results_export_as_csv(page, site_url, seed_build):
    out, _ = seed_build
    phrase = "营商环境"
    folding = json.loads(next((out / "static").glob("search-fold.*.json")).read_text(encoding="utf-8"))
    fold = lambda text: "".join(folding.get(c, c) for c in text)  # noqa: E731 (the site's own table)
    holding = set()
    sections = 0
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if phrase in fold((row["path"][-1] if row["path"] else "") + "\n" + row["text"]):
            holding.add(row["report"])
            sections += 1
    page.goto(site_url + "/search/?q=" + phrase)
    summary = search_summary(page)
    assert page.get_attribute("#summary", "data-reports") == str(len(holding))
    assert page.get_attribute("#summary", "data-count") == str(sections)
    assert f"{len(holding)} 篇文档中的 {sections} 节" in summary and "已核对前" not in summary
    with page.expect_download() as download:
        page.click("#export")
    data = open(download.value.path(), "rb").read()
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["报告", "地区", "省份", "层级", "年份", "类型", "位置", "链接", "摘录"]
    assert len(rows) == 1 + sections
    assert {row[7].split("/reports/")[1].split("/")[0] for row in rows[1:]} == holding
    assert all(phrase in fold(row[8] + row[6]) and "\n" not in row[8] for row in rows[1:])  # in the text, or its heading
    assert page.errors == []


def test_a_trend_counts_what_search_finds_year_by_year(page, site_url, seed_build):
    out, _ = seed_build
    phrase = "营商环境"
    folding = json.loads(next((out / "static").glob("search-fold.*.json")).read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]}
    occurrences: dict[str, int] = {}  # reports (not news) by year, counted from the published sections
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        document = documents[row["report"]]
        if document["doc_type"] in ("work_report", "plan_report"):  # news and resolutions apart
            text = "".join(folding.get(c, c) for c in (row["path"][-1] if row["path"] else "") + "\n" + row["text"])
            year = str(document["year"])
            occurrences[year] = occurrences.get(year, 0) + text.count(phrase)
    page.goto(site_url + "/trends/?q=" + phrase)
    page.wait_for_function("document.getElementById('trend-summary').dataset.count !== undefined")
    rows = {r[0]: r for r in (row.split("\t") for row in page.locator("#trend-years tbody tr").all_inner_texts())}
    years = sorted(int(y) for y in rows if y.isdigit())
    assert years == list(range(years[0], years[-1] + 1))  # every year, those without a report too
    assert rows["2021"][1:6] == ["0", "0", "0", "无报告", "无报告"]
    assert {y: int(rows[y][3]) for y in occurrences} == occurrences
    with page.expect_download() as download:
        page.click("#trend-csv")
    table = list(csv.reader(io.StringIO(open(download.value.path(), "rb").read().decode("utf-8-sig"), newline="")))
    assert [row[1:5] for row in table if row[0] == "年份"] == [rows[y][0:4] for y in rows]  # the tables, as shown
    mentioning = {y: page.get_attribute(f"#trend-years tr[data-year='{y}']", "data-mentioning") for y in ("2019", "2020", "2023")}
    bars = page.locator("#trend-chart svg g[data-year] rect").count()
    assert bars == sum(1 for r in rows.values() if r[0].isdigit() and r[1] != "0")
    for year, count in mentioning.items():  # the documents of that year the search page finds
        page.goto(site_url + f"/search/?q={phrase}&year={year}")
        search_summary(page)
        assert page.get_attribute("#summary", "data-reports") == count
    assert page.errors == []


def test_the_comparison_of_two_years_sets_the_same_parts_side_by_side(page, site_url, seed_build):
    out, _ = seed_build
    page.goto(site_url + "/regions/ningbo/compare/")
    pair = page.locator("details.pair[open]")
    assert "2019 → 2020" in pair.locator("summary").inner_text()
    rows = [row.split("\t") for row in pair.locator("table.aligned tbody tr").all_inner_texts()]
    assert ["一、2018年工作回顾", "一、2019年工作回顾"] in rows
    assert ["二、2019年主要目标任务", "二、2020年主要目标任务"] in rows
    assert any(r[1].endswith("新增") for r in rows) and any(r[1] == "删去" for r in rows)
    # a part's link lands on that part of its report
    link = pair.locator("table.aligned tbody tr").first.locator("td").nth(1).locator("a")
    link.click()
    page.wait_for_url("**/reports/ningbo-2020/#s1")
    assert "2019年工作回顾" in page.locator("#s1 .heading").first.inner_text()
    # the words' counts are the strings' counts in the two texts, as search counts them
    page.go_back()
    word, before, after = page.locator("details.pair[open] table.listing tbody tr").first.inner_text().split("\t")
    texts = {}
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["report"]] = texts.get(row["report"], "") + row["text"]
    assert int(before.split("（")[0]) == texts["ningbo-2019"].count(word)
    assert int(after.split("（")[0]) == texts["ningbo-2020"].count(word)
    assert page.errors == []


@pytest.mark.parametrize("path", ["/search/?q=营商环境", "/trends/?q=营商环境"])
def test_every_control_the_tab_key_reaches_is_visible(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_function("document.querySelector('[role=status]').dataset.count !== undefined")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return [el.tagName + (el.id ? "#" + el.id : ""), box.width > 0 && box.height > 0
                    && style.visibility !== "hidden" && style.opacity !== "0"];
        }""")
        reached.append(focused[0])
        assert focused[1], f"{focused[0]} is focused but not visible"
    assert any(name.startswith("SELECT") for name in reached) and any(name.startswith("A") for name in reached)


def test_following_a_result_lands_on_the_highlighted_match(page, site_url):
    page.goto(site_url + "/search/?q=" + "八八战略")
    page.wait_for_selector("a.result-link")
    first = page.locator("a.result-link").first
    anchor = first.get_attribute("href").split("#")[-1]
    first.click()
    page.wait_for_selector("mark.hl")
    assert page.url.endswith("#" + anchor)
    mark = page.locator(f"#{anchor} mark.hl").first
    assert mark.inner_text() == "八八战略"
    assert mark.is_visible() and mark.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert page.errors == []


def test_keyboard_slash_focuses_search_and_arrows_walk_results(page, site_url):
    page.goto(site_url + "/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("数字经济")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=**")
    page.wait_for_selector("a.result-link")
    page.focus("#q")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('result-link')")
