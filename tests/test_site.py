"""The built site as a whole: links, cross-links of the gold file, valid HTML, downloads."""
import csv
import io
import json
import re
import subprocess
from urllib.parse import urlsplit

import pytest

from gwr import config
from tests.conftest import GOLD, ROOT
from tests.harness import broken_links, crawl_site


@pytest.fixture(scope="module")
def crawl(seed_build):
    """Every HTML page: {page path: PageLinks}."""
    out, _ = seed_build
    return crawl_site(out)


def test_every_internal_link_and_anchor_resolves(seed_build, crawl):
    out, _ = seed_build
    assert broken_links(out, crawl, config.load().base_url) == []
    assert len(crawl) > 100


def one_click(crawl, source_pages, target_pages) -> bool:
    """Whether some page of the source links straight to some page of the target."""
    for page in source_pages:
        for link in crawl[page].links:
            path = urlsplit(link).path
            if path and (path if path.endswith(".html") else path + "index.html") in target_pages:
                return True
    return False


def pages_of(reports: list[dict], region: str, year: int | None = None) -> set[str]:
    """The region's page and its reports' pages (for a year, only that year's reports)."""
    return {r["url"] + "index.html" for r in reports
            if r["region"] and r["region"]["name"] == region and (year is None or r["year"] == year)}


def test_gold_cross_links_are_one_click_apart(seed_build, crawl):
    out, _ = seed_build
    gold = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))["cross_links"]
    reports = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    region_pages = {}
    for page in crawl:
        if page.startswith("/regions/") and page.count("/") == 3:
            title = (out / page.lstrip("/")).read_text(encoding="utf-8").split("<h1>")[1].split("<")[0]
            region_pages[title] = page

    def region_and_reports(name, year=None):
        pages = pages_of(reports, name, year)
        if year is None and name in region_pages:
            pages.add(region_pages[name])
        return pages

    for region, years in gold["same_region_several_years"].items():
        for a in years:
            for b in years:
                if a != b:
                    assert one_click(crawl, pages_of(reports, region, a), pages_of(reports, region, b)), \
                        (region, a, b)
    for province, cities in gold["province_and_its_cities"].items():
        for city in cities:
            assert one_click(crawl, region_and_reports(province), region_and_reports(city)), (province, city)
    for news_region, report_region in gold["news_to_report_regions"].items():
        news = {r["url"] + "index.html" for r in reports
                if r["doc_type"] == "news" and r["region"] and r["region"]["name"] == news_region}
        assert news and one_click(crawl, news, region_and_reports(report_region)), news_region


def test_html_validates(seed_build):
    out, _ = seed_build
    result = subprocess.run(["npx", "--no-install", "html-validate", "--formatter", "text", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


def ledger_rows(out) -> list[dict]:
    raw = (out / "data" / "targets.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # a byte-order mark: Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_targets_csv_holds_every_target_with_its_anchor(seed_build):
    out, _ = seed_build
    reports = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    rows = [row for row in ledger_rows(out) if row["report_id"]]
    # a row per region, year and indicator (urban and rural incomes apart) that a report sets a target for
    keys = {(r["region"]["name"], r["year"], t["indicator"], t["scope"] if t["scope"] in ("urban", "rural") else "")
            for r in reports if r["doc_type"] in ("work_report", "plan_report") and r["region"] and r["year"]
            for t in r["targets"]}
    assert len(rows) == len(keys) > 40
    by_id = {r["id"]: r for r in reports}
    for row in rows:
        report = by_id[row["report_id"]]
        target = next(t for t in report["targets"] if t["indicator"] == row["indicator"] and t["scope"] == row["scope"])
        assert (float(row["target_value"]) if row["target_value"] else None) == target["value"]
        assert row["qualifier"] == (target["qualifier"] or "") and row["target_url"].startswith(report["permalink"] + "#")
        assert target["text"] in row["target_text"]


def test_targets_csv_has_an_outcome_wherever_the_targets_page_shows_one(seed_build):
    out, _ = seed_build
    page = (out / "targets" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'class="outcome-figure" href="([^"#]+)#([^"]+)"', page)
    listed = [row["outcome_url"] for row in ledger_rows(out) if row["outcome_value"]]
    assert len(shown) > 20 and sorted(f"https://gwr-reader.netlify.app{path}#{anchor}" for path, anchor in shown) == sorted(listed)


def test_the_targets_page_and_a_region_page_give_each_targets_hardness(seed_build):
    out, _ = seed_build
    names = {"hard": "硬约束", "soft": "软约束", "range": "区间", "qualitative": "定性"}
    stated = [names[row["hardness"]] for row in ledger_rows(out) if row["target_value"] or row["hardness"] == "qualitative"]
    page = (out / "targets" / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'<span class="hardness">([^<]+)</span>', page)) == sorted(stated)
    region = (out / "regions" / "ningbo" / "index.html").read_text(encoding="utf-8")
    ledger = region.split('id="ledger"')[1]
    ningbo = [names[row["hardness"]] for row in ledger_rows(out) if row["region"] == "宁波市" and row["hardness"]]
    assert ningbo and sorted(re.findall(r"<td>(硬约束|软约束|区间|定性)</td>", ledger)) == sorted(ningbo)


def test_gold_target_sits_beside_next_years_outcome(seed_build):
    """A region with reports in two consecutive years shows its target next to the outcome."""
    out, _ = seed_build
    reports = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    rows = ledger_rows(out)
    pairs = [(a, b) for a in reports for b in reports if a["region"] and b["region"]
             and a["region"]["name"] == b["region"]["name"] and a["doc_type"] == b["doc_type"] == "work_report"
             and a["year"] and b["year"] == a["year"] + 1]
    assert pairs
    for earlier, later in pairs:
        outcome = next(o for o in later["outcomes"] if o["indicator"] == "gdp_growth")
        row = next(r for r in rows if r["report_id"] == earlier["id"] and r["indicator"] == "gdp_growth")
        assert float(row["outcome_value"]) == outcome["value"] and row["verdict"] in ("met", "missed")
        assert row["outcome_url"] == f"{later['permalink']}#{outcome['anchor']}"


def test_term_pages_count_every_occurrence(seed_build):
    """Counted independently: the term's own string in the plain text and the headings of
    sections.jsonl, as search counts it; the contexts shown are the paragraphs'."""
    out, _ = seed_build
    rows = [json.loads(line) for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines()]
    text = "\n".join(r.get("text_simplified", r["text"]) for r in rows)
    folding = json.loads(next((out / "static").glob("search-fold.*.json")).read_text(encoding="utf-8"))
    headings = "".join(folding.get(c, c) for c in "\n".join(r["path"][-1] for r in rows if r["path"]))  # 營商環境 too
    for slug, term in (("ba-ba-zhan-lve", "八八战略"), ("si-ge-yi-shi", "四个意识"), ("ying-shang-huan-jing", "营商环境")):
        in_text = text.count(term)
        page = (out / "glossary" / slug / "index.html").read_text(encoding="utf-8")
        assert in_text > 0
        assert f"出现 {in_text + headings.count(term)} 次" in page
        assert page.count('class="hit"') == in_text or "全部" in page  # every paragraph's, unless the page says it lists some


def test_report_pages_mark_numbers_terms_and_regions(seed_build):
    out, result = seed_build
    report = next(r for r in result.reports if r.targets and r.outcomes and r.meta.doc_type == "work_report")
    page = (out / "reports" / report.id / "index.html").read_text(encoding="utf-8")
    assert 'class="ann num target"' in page and 'class="ann num result"' in page
    assert 'class="ann term"' in page and 'id="show-term"' in page
    assert 'href="/search/?q=' in page  # keywords lead to a search


def test_pages_for_compare_glossary_targets_data_and_search(seed_build):
    out, result = seed_build
    for path in ("glossary/index.html", "targets/index.html", "search/index.html", "data/index.html",
                 "about/index.html", "method/index.html", "404.html"):
        assert (out / path).is_file(), path
    compares = list(out.glob("regions/*/compare/index.html"))
    regions_with_two = {r.meta.region.name for r in result.reports if r.meta.region and r.meta.doc_type != "news"
                        and sum(1 for o in result.reports if o.meta.region == r.meta.region
                                and o.meta.doc_type != "news") >= 2}
    assert len(compares) == len(regions_with_two) >= 1


def test_the_data_package_validates_and_the_codebook_names_every_column(seed_build):
    from frictionless import validate

    out, _ = seed_build
    report = validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "message"])
    assert {task.name for task in report.tasks} == {"targets-csv", "term-trends-csv", "reports-json", "sections-jsonl",
                                                    "build-report-json"}
    codebook = json.loads((out / "data" / "codebook.json").read_text(encoding="utf-8"))["downloads"]
    columns = next(d["fields"] for d in codebook if d["path"] == "data/targets.csv")
    assert [c["name"] for c in columns] == list(ledger_rows(out)[0]) and all(c["description"] for c in columns)
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    described = {f["name"] for d in codebook if d["path"] == "data/reports.json" for f in d["fields"]}
    assert set(documents[0]) <= described  # every field of reports.json is in the codebook
    page = (out / "data" / "codebook" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{c['name']}</code>" in page for c in columns)


def test_term_trends_give_every_year_a_rate_per_10000_characters_and_the_news_apart(seed_build):
    out, _ = seed_build
    documents = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"]
    characters: dict[str, int] = {}  # of the reports of each year, from their published sections
    for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        document = next(d for d in documents if d["id"] == row["report"])
        if document["doc_type"] in ("work_report", "plan_report"):
            characters[str(document["year"])] = characters.get(str(document["year"]), 0) + len(row["text"])
    rows = [row for row in csv.DictReader(io.StringIO((out / "data" / "term-trends.csv").read_text(encoding="utf-8-sig")))
            if row["slug"] == "ying-shang-huan-jing"]
    years = [row["year"] for row in rows if row["year"].isdigit()]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    for row in rows:
        if row["year"].isdigit() and row["reports"] != "0":
            assert int(row["characters"]) == characters[row["year"]]
            assert row["per_10k_chars"] == f"{int(row['occurrences']) * 10000 / int(row['characters']):.2f}"
        elif row["year"].isdigit():
            assert row["per_10k_chars"] == "" and row["occurrences"] == "0"
    assert sum(int(row["news_occurrences"]) for row in rows) > 0  # news counted, apart
    page = (out / "glossary" / "ying-shang-huan-jing" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr><th scope=\"row\">") >= len(years) and "无报告" in page


def test_a_region_page_shows_its_ledger(seed_build):
    out, _ = seed_build
    rows = [row for row in ledger_rows(out) if row["region"] == "宁波市" and row["target_value"] and row["outcome_value"]]
    page = (out / "regions" / "ningbo" / "index.html").read_text(encoding="utf-8")
    assert rows and "目标台账" in page
    for row in rows:  # each target and its outcome linked from the region's page, as in targets.csv
        assert row["target_url"].split("netlify.app")[1] in page and row["outcome_url"].split("netlify.app")[1] in page


def test_the_home_page_has_no_empty_column_and_lists_regions_of_no_province_last(seed_build):
    out, result = seed_build
    page = (out / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<th scope="rowgroup">([^<]+)</th>', page)
    assert groups[-1] == "其他" and "其他" not in groups[:-1]
    assert any(r.meta.region and r.meta.region.anonymized for r in result.reports)  # the xx区 of the seeds, listed there
    assert all(r.meta.year for r in result.reports if r.meta.is_report) and "年份不详" not in page


def test_a_news_item_leads_to_the_report_of_its_region_or_the_region_above(seed_build):
    out, result = seed_build
    item = next(r for r in result.reports if r.meta.doc_type == "news" and r.meta.region and r.meta.region.name == "安吉县")
    parent = [r for r in result.reports if r.meta.is_report and r.meta.region and r.meta.region.name == item.meta.region.parent]
    assert parent and not any(r.meta.is_report and r.meta.region and r.meta.region.name == "安吉县" for r in result.reports)
    page = (out / "reports" / item.id / "index.html").read_text(encoding="utf-8")
    related = page.split('id="related"')[1]
    assert all(f'上级地区{r.meta.year}年报告：<a href="{r.url}">' in related for r in parent)


def test_a_year_page_sets_the_regions_of_a_province_side_by_side(seed_build):
    out, result = seed_build
    zhejiang = [r for r in result.reports if r.meta.year == 2020 and r.meta.doc_type == "work_report"
                and r.meta.region and r.meta.region.province == "浙江省"]
    page = (out / "years" / "2020" / "index.html").read_text(encoding="utf-8")
    side = page.split("浙江省：各地 2020 年报告并列")[1]
    assert len(zhejiang) >= 2
    for report in zhejiang:  # each region's row, its targets linked to their paragraphs
        assert f'<a href="{report.url}">{report.meta.region.name}</a>' in side
        assert all(f'{report.url}#{t.anchor}' in side for t in report.targets)
