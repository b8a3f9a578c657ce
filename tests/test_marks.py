from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from gwr.config import BaseUrl
from gwr.enrich.link import Site
from gwr.enrich.marks import QUANTITY, SENTENCE, Annotations, Mark, RegionMatcher, ReportMarks, number_marks, resolve
from gwr.lexicon.glossary import Term
from gwr.lexicon.textnorm import fold_aligned
from gwr.model import Paragraph, Region, Target
from gwr.parse.figures import sentence_role
from gwr.site.charts import bar_chart
from gwr.site.body import TextMarker
from gwr.site.render import format_target


def site_with(*regions: Region) -> Site:
    site = Site(reports=[])
    for r in regions:
        site.regions[r.name] = r
        site.region_slugs[r.name] = r.name
    return site


NINGBO = Region("宁波市", "prefecture", "浙江省", "浙江省", "330200")
ZHEJIANG = Region("浙江省", "province", "浙江省", None, "330000")
ANJI = Region("安吉县", "county", "浙江省", "湖州市", "330523")


def test_numbers_take_their_parts_role_unless_the_sentence_says():
    text = "全年完成投资100亿元。力争增长8%左右；新增企业1,200家。2020年"
    marks = number_marks(text, "result")
    found = [(text[m.start:m.end], m.role) for m in marks]
    assert found == [("100亿元", "result"), ("8%", "target"), ("1,200家", "result")]


def test_region_mentions_use_short_forms_of_cities_not_counties_and_skip_the_own_region():
    matcher = RegionMatcher(site_with(NINGBO, ZHEJIANG, ANJI))
    text = "浙江宁波与安吉和安吉县合作"
    found = [(text[m.start:m.end], m.ref) for m in matcher.find(text, own="宁波市")]
    assert found == [("浙江", "浙江省"), ("安吉县", "安吉县")]


def test_overlapping_marks_keep_the_higher_kind():
    marks = resolve([Mark(0, 4, "number", role="result"), Mark(2, 6, "term", "x"), Mark(6, 8, "keyword", "k")])
    assert [(m.kind, m.start) for m in marks] == [("term", 2), ("keyword", 6)]


def test_offsets_hold_in_traditional_and_full_width_text():
    text = "發展ＧＤＰ增長６．５％"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    [mark] = number_marks(folded, "target")
    assert text[mark.start:mark.end] == "６．５％"


def test_marked_text_is_escaped_and_marks_become_elements():
    term = Term("六稳", "liu-wen", '定义 <b>"引号"</b>')
    paragraph = Paragraph("<script>alert(1)</script>做好六稳，宁波增长6%。", 1, 1, anchor="s1-p1")
    report = type("R", (), {"id": "r"})()
    notes = Annotations()
    t = paragraph.text
    marks = ((t.index("六稳"), t.index("六稳") + 2, "term", "liu-wen", ""),
             (t.index("宁波"), t.index("宁波") + 2, "region", "宁波市", ""),
             (t.index("6%"), t.index("6%") + 2, "number", "", "target"))
    notes.add(report, ReportMarks((("s1-p1", marks),), (("liu-wen", 1),), (), ""))
    html = str(TextMarker(site_with(NINGBO), notes, {"liu-wen": term}, BaseUrl("https://example.org", "/gwr/")).html(report, paragraph))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="ann term" href="/gwr/glossary/liu-wen/">六稳</a>' in html  # described by site.js
    assert "定义" not in html  # the definition is said once, in the page's list of terms
    assert '<a class="ann region" href="/gwr/regions/宁波市/">宁波</a>' in html
    assert '<span class="ann num target"' in html


def test_figures_read_as_written():
    assert format_target(Target("gdp_growth", 6.5, None, "左右", "")) == "6.5% 左右"
    assert format_target(Target("gdp_growth", 6.5, 6.0, "range", "")) == "6–6.5%"
    assert format_target(None) == ""


def test_chart_labels_are_escaped_and_bars_scale_to_the_largest():
    svg = str(bar_chart("次数", [("<b>", 10), ("乙", 5)]))
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert 'width="220"' in svg and 'width="110"' in svg


def test_a_terms_occurrences_in_context_come_from_the_newest_reports_up_to_a_limit():
    notes = Annotations()
    for year, count in ((2019, 3), (2021, 2), (2020, 2)):
        report = SimpleNamespace(id=f"r{year}", meta=SimpleNamespace(year=year))
        occurrences = tuple(("liu-wen", f"p{i}", "前", "六稳", "后") for i in range(count))
        notes.add(report, ReportMarks((), (("liu-wen", count),), occurrences, ""))
    shown = notes.occurrences("liu-wen", 3)
    assert [o.report.id for o in shown] == ["r2021", "r2021", "r2020", "r2020"]  # whole reports, site order
    assert len(notes.occurrences("liu-wen", 100)) == 7


def test_each_report_is_told_as_soon_as_its_marks_are_in_and_the_marking_runs_to_its_end(gaz):
    from gwr.build.pipeline import parse_source
    from gwr.enrich.link import RegionSlugs, assign_ids, link
    from gwr.enrich.marks import annotate_site
    from gwr.lexicon.glossary import load_glossary
    from gwr.parse.ingest import read_source
    from tests.conftest import ROOT

    paths = sorted((ROOT / "seeds").glob("*.txt"))[:2]
    reports = [r for p in paths for r in parse_source(read_source(p, p.name), gaz).reports][:2]
    assign_ids(reports, RegionSlugs(gaz, {}))
    site = link(reports, RegionSlugs(gaz, {}))
    glossary, _ = load_glossary(ROOT / "site_src" / "glossary.toml")
    told = []

    def mark_all(marker, jobs):
        for job in jobs:
            told.append(("marked", job[0].id))
            yield marker(job)
        told.append(("all marked",))

    def each(report, notes):
        told.append(("told", report.id, notes.digest(report) != ""))

    annotate_site(site, glossary, gaz, mark_all=mark_all, each=each)
    a, b = (r.id for r in site.reports)
    assert told == [("marked", a), ("told", a, True), ("marked", b), ("told", b, True), ("all marked",)]


def marks_sentence_by_sentence(folded: str, role: str) -> list[Mark]:
    """number_marks' definition: the figures of each sentence, with the sentence's role."""
    marks = []
    for sentence in SENTENCE.finditer(folded):
        for m in QUANTITY.finditer(sentence.group(0)):
            marks.append(Mark(sentence.start() + m.start(), sentence.start() + m.end(), "number", "",
                              sentence_role(sentence.group(0), role)))
    return marks


FIGURE_PIECES = st.sampled_from(["12", "3.5", "1,200", "%", "亿元", "个百分点", "5-6", "至8", "预计", "力争", "增长", "目标", "实现",
                                 "完成", "。", "；", "！", "？", ";", ".", ",", "，", "年", "人次", " "])


@given(st.lists(FIGURE_PIECES, max_size=30).map("".join), st.sampled_from(["result", "target", "other"]))
def test_number_marks_are_those_found_sentence_by_sentence(folded, role):
    assert number_marks(folded, role) == marks_sentence_by_sentence(folded, role)


def test_ranks_and_ordinals_are_no_quantities():
    folded = "增速居全国第12位，排名前10位，上升[3位]，获得第3名，进入前5名，新增企业12家，培育单项冠军5名"
    assert [folded[m.start:m.end] for m in number_marks(folded, "result")] == ["12家", "5名"]


def test_the_figures_of_targets_and_outcomes_are_the_ledgers():
    folded = "地区生产总值增长6.8%，工业投资增长10%。"
    marks = number_marks(folded, "result", ("地区生产总值增长6.8%",))
    assert [(folded[m.start:m.end], m.ref) for m in marks] == [("6.8%", "ledger"), ("10%", "")]
