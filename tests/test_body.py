"""A report's body as HTML (gwr/site/body.py): every piece of text escaped as Jinja would."""
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from gwr.model import Outline, Paragraph, Repair, Section
from gwr.site.body import ReportBody, escape_text, table_of_contents


@given(st.text(alphabet=st.sampled_from("&<>'\"a发 \n;#")))
def test_text_is_escaped_as_markupsafe_escapes_it(text):
    assert escape_text(text) == str(escape(text))


class NoMarks:
    def marked_text(self, report, paragraph):
        return escape_text(paragraph.text)


def report_with(outline: Outline, repairs=()):
    return type("R", (), {"id": "r", "outline": outline, "repairs": list(repairs)})()


def test_sections_nest_with_their_paragraphs_in_reading_order_and_hostile_text_is_inert():
    inner = Section('<b>"二"</b>', "paren-cn", 2, 5, [Paragraph("乙", 6, 7, anchor="s1-1-p1")], anchor="s1-1",
                    flags=("number-inferred",), after_paragraph=1)
    outer = Section("一、回顾", "cn", 1, 1, [Paragraph("甲<i>", 2, 2, anchor="s1-p1"), Paragraph("丙", 8, 8, anchor="s1-p2")],
                    [inner], anchor="s1")
    report = report_with(Outline([], [outer], []), [Repair("spacing", 2, "", "")])
    html = ReportBody(report, NoMarks()).sections()
    assert html.index('id="s1-p1"') < html.index('id="s1-1"') < html.index('id="s1-1-p1"') < html.index('id="s1-p2"')
    assert '<h3 class="heading"><span class="htext">&lt;b&gt;&#34;二&#34;&lt;/b&gt;</span><span class="flag"' in html
    assert '<p id="s1-p1" class="para p" data-lines="2">甲&lt;i&gt;<span class="fix" title="修复：删除多余空格">修</span>' in html
    assert 'data-lines="6-7">乙<a class="pilcrow" href="#s1-1-p1"' in html
    assert html.count("<section") == html.count("</section>") == 2


def test_the_table_of_contents_lists_sections_but_not_boxes():
    box = Section("专栏", "box", None, 3, anchor="s1-b1")
    child = Section("（一）稳增长", "paren-cn", 1, 4, anchor="s1-1")
    outline = Outline([], [Section("一、回顾", "cn", 1, 1, [], [box, child], anchor="s1")],
                      [Section("附件", "unnumbered", None, 9, anchor="a1")])
    html = table_of_contents(outline)
    assert html == ('<ol>\n  <li><a href="#s1">一、回顾</a><ol>\n  <li><a href="#s1-1">（一）稳增长</a></li>\n</ol>\n</li>\n'
                    '  <li><a href="#a1">附件</a></li>\n</ol>\n')
