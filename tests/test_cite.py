"""A report's references, a test per form (gwr.site.cite); the paragraph's, in the browser
(tests/test_browser.py)."""
from gwr.model import TEXT_LINES, Metadata, Outline, Region, Report, WebPage
from gwr.site.cite import bibtex, gbt7714, ris

URL = "https://example.org/reports/ningbo-2020/"
NINGBO = Metadata("work_report", "2020年宁波市政府工作报告", False, Region("宁波市", "prefecture", "浙江省", "浙江省"),
                  2020, "2020-04-27", "宁波市第十五届人民代表大会第五次会议", "裘东耀", "市长")


def report(meta=NINGBO, page=None) -> Report:
    return Report(id="ningbo-2020", source_file="a.txt", source_lines=(1, 9), meta=meta, truncated=False,
                  outline=Outline([], [], []), repairs=[], targets=[], locator=TEXT_LINES, page=page)


def test_gbt_7714_as_the_standard_writes_an_online_report():
    assert gbt7714(report(), URL) == ("宁波市人民政府. 2020年宁波市政府工作报告[R/OL]. (2020-04-27)[引用日期]. "
                                      "https://example.org/reports/ningbo-2020/.")
    national = Metadata("work_report", "政府工作报告。", False, Region("全国", "national", None, None), 2020, None, None, None, None)
    assert gbt7714(report(national), URL) == f"国务院. 政府工作报告[R/OL]. (2020)[引用日期]. {URL}."  # no 。. doubled
    news = Metadata("news", "宁波市召开会议", False, None, 2020, None, None, None, None)
    assert gbt7714(report(news), URL) == f"宁波市召开会议[EB/OL]. (2020)[引用日期]. {URL}."


def test_the_page_a_text_was_read_from_is_named():
    read_from = WebPage(url="https://www.ningbo.gov.cn/art/2020/4/27/art_1.html")
    assert gbt7714(report(page=read_from), URL).endswith(f"{URL}. 原网页: https://www.ningbo.gov.cn/art/2020/4/27/art_1.html")
    assert "L2  - https://www.ningbo.gov.cn/art/2020/4/27/art_1.html" in ris(report(page=read_from), URL)


def test_bibtex():
    assert bibtex(report(), URL) == """@techreport{ningbo-2020,
  author = {{宁波市人民政府}},
  title = {2020年宁波市政府工作报告},
  type = {政府工作报告},
  institution = {宁波市人民政府},
  year = {2020},
  date = {2020-04-27},
  note = {宁波市第十五届人民代表大会第五次会议},
  url = {https://example.org/reports/ningbo-2020/},
  urldate = {引用日期},
}"""
    odd = Metadata("work_report", "100% {草案}", False, None, None, None, None, None, None)
    assert "title = {100\\% \\{草案\\}}," in bibtex(report(odd), URL)  # TeX's specials escaped


def test_ris():
    assert ris(report(), URL) == ("TY  - RPRT\nAU  - 宁波市人民政府\nTI  - 2020年宁波市政府工作报告\nPY  - 2020\n"
                                  "DA  - 2020/04/27\nPB  - 宁波市人民政府\nN1  - 宁波市第十五届人民代表大会第五次会议\n"
                                  f"UR  - {URL}\nY2  - 引用日期\nER  - \n")
