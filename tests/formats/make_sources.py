"""Writes the LibreOffice sources (Flat ODT) of the PDF fixtures from real reports' paragraphs
(tests/corpus/cities-2024): each a layout that PDFs of reports come in. make_fixtures.sh runs
it, then converts each source to PDF.

    python tests/formats/make_sources.py
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus" / "cities-2024"
FONT = "WenQuanYi Zen Hei"

HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="'{FONT}'"/></office:font-face-decls>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:text-indent="{{indent}}" fo:text-align="justify" fo:line-height="150%"/>
   <style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" fo:font-size="{{size}}"
    style:font-size-asian="{{size}}"/>
  </style:style>
  <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"/>
   <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:text-indent="0cm" fo:margin-bottom="0.5cm"/>
   <style:text-properties fo:font-size="20pt" style:font-size-asian="20pt"/>
  </style:style>
  <style:style style:name="Centered" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:text-indent="0cm"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="Page">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm"
    fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm">{{columns}}</style:page-layout-properties>
   <style:header-style><style:header-footer-properties fo:margin-bottom="0.5cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:margin-top="0.5cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="Page">{{header}}{{footer}}</style:master-page>
 </office:master-styles>
 <office:body><office:text>
"""
TAIL = "\n </office:text></office:body>\n</office:document>\n"
PAGE = '<text:page-number text:select-page="current">1</text:page-number>'
TWO_COLUMNS = '<style:columns fo:column-count="2" fo:column-gap="1cm"/>'


def paragraphs(name: str, first: int, last: int) -> list[str]:
    """The non-blank lines first … last (1-based) of a report of tests/corpus."""
    lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").split("\n")[first - 1:last]
    return [line.strip() for line in lines if line.strip()]


def is_heading(text: str) -> bool:
    return len(text) <= 40 and text[:1] in "一二三四五六七八九十（" and not text.endswith("。")


def paragraph(text: str, style: str | None = None) -> str:
    style = style or ("Heading" if is_heading(text) else "Standard")
    return f'  <text:p text:style-name="{style}">{escape(text)}</text:p>'


def document(body: list[str], header: str = "", footer: str = "", columns: str = "",
             indent: str = "0.85cm", size: str = "12pt") -> str:
    def frame(kind: str, content: str) -> str:
        return f'<style:{kind}><text:p text:style-name="Centered">{content}</text:p></style:{kind}>' if content else ""
    head = (HEAD.replace("{indent}", indent).replace("{size}", size).replace("{columns}", columns)
            .replace("{header}", frame("header", header)).replace("{footer}", frame("footer", footer)))
    return head + "\n".join(body) + TAIL


def table(rows: list[list[str]]) -> str:
    cells = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(c)}</text:p></table:table-cell>"
                                                   for c in row) + "</table:table-row>" for row in rows)
    return (f'  <table:table table:name="指标"><table:table-column table:number-columns-repeated="{len(rows[0])}"/>'
            f"{cells}</table:table>")


def image(path: str) -> str:
    return ('  <text:p text:style-name="Centered"><draw:frame draw:name="scan" text:anchor-type="as-char" '
            f'svg:width="17cm" svg:height="24cm"><draw:image xlink:href="{path}" xlink:type="simple"/>'
            "</draw:frame></text:p>")


SOURCES = {
    # A report of several pages under a running head, numbered — 3 — in the footer.
    "running-heads": lambda: document([paragraph("政府工作报告", "Title")]
                                      + [paragraph(p) for p in paragraphs("恩施", 1, 40)],
                                      header="恩施市人民政府工作报告", footer=f"— {PAGE} —"),
    # Two columns a page, -3- in the footer.
    "two-column": lambda: document([paragraph(p) for p in paragraphs("威海", 1, 16)],
                                   columns=TWO_COLUMNS, footer=f"-{PAGE}-", size="10.5pt"),
    # A table of targets among the paragraphs, bare page numbers.
    "table": lambda: document([paragraph(p) for p in paragraphs("北京", 1, 5)]
                              + [table([["指标", "2024年预期目标"], ["地区生产总值增长", "5%左右"],
                                        ["居民消费价格涨幅", "3%左右"]])]
                              + [paragraph(p) for p in paragraphs("北京", 35, 48)], footer=PAGE),
    # A long heading that a page break cuts (the paragraphs before it and the type size chosen so
    # that its last words open page 3), under a running head, 第 1 页 in the footer.
    "heading-break": lambda: document([paragraph("政府工作报告", "Title")]
                                      + [paragraph(p) for p in paragraphs("凉山", 1, 3) + paragraphs("凉山", 27, 45)],
                                      header="凉山州人民政府工作报告", footer=f"第 {PAGE} 页", size="13pt"),
    # A scanned page: the first page of running-heads.pdf as a picture, no text layer.
    "scanned": lambda: document([image("scanned-page.png")]),
}


def main() -> None:
    out = HERE / "pdf" / "source"
    out.mkdir(parents=True, exist_ok=True)
    for name, make in SOURCES.items():
        (out / f"{name}.fodt").write_text(make(), encoding="utf-8")


if __name__ == "__main__":
    main()
