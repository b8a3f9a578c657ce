"""Web pages (.html, .htm, .xhtml, and .mhtml as browsers save a page in one file) read with
trafilatura: the article found by its main-content extraction, not by rules written for
particular sites, and what the page says about itself kept as evidence: its title, publication
date, source line (来源：…) and its own address (`<link rel=canonical>`, `og:url`).

The article comes back as trafilatura's XML (headings, paragraphs, list items, table rows), a
line each; a table row's cells stand between " | " as in Word files and PDFs. What
extraction leaves of a site's tools around the article (a 来源 line under the text, a WeChat
account's prompts) is site chrome that splitting sets aside with its reason. A page too short
for an article to be found (a fragment, a test page) is read whole, a line per block, as is a
page whose article is shorter than SHORTEST_ARTICLE.
"""
from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import trafilatura
from lxml import etree, html as lxml_html

from gwr.model import ReadText, WebPage

# Elements that end a line of text; the text of the others runs on.
HTML_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
               "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
               "section", "table", "td", "th", "title", "tr", "ul"}
HTML_HIDDEN = {"script", "style", "template", "noscript"}


class _HtmlText(HTMLParser):
    """The text of an HTML page, a line per block element, without scripts and styles
    (entities decoded by the standard library's parser)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HTML_HIDDEN:
            self.hidden += 1
        elif tag in HTML_BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HTML_HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in HTML_BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))


def page_text(markup: str) -> str:
    """An HTML page's text, a line per paragraph, heading or list item (the title included:
    it is often the report's)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


# Characters: an article shorter is no article found (extraction is reliable on articles, not on
# fragments), and the page is read whole.
SHORTEST_ARTICLE = 200
SOURCE_LINE = re.compile(r"(?:来源|稿源|信息来源|文章来源)\s*[:：]\s*([^\s|<>]{2,40})")
SOURCE_META = ("contentsource", "source")  # <meta name=…>, of any case


def article_lines(root) -> list[str]:
    """A line per heading, paragraph, list item, quote and table row of trafilatura's XML."""
    lines = []
    for element in root.iter("head", "p", "item", "quote", "row"):
        if element.tag == "row":
            cells = [" ".join("".join(cell.itertext()).split()) for cell in element.iter("cell")]
            text = " | ".join(cell for cell in cells if cell)
        elif any(ancestor.tag in ("row", "item", "quote") for ancestor in element.iterancestors()):
            continue  # read with the row, item or quote it is in
        else:
            text = "".join(element.itertext()).strip()
        if text:
            lines.append(text)
    return lines


def source_line(markup: str) -> str | None:
    """The page's source (来源：新华社): its meta tag, else the first 来源 line of its text."""
    try:
        document = lxml_html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return None
    named = {meta.get("name", "").lower(): meta.get("content", "").strip() for meta in document.iter("meta")}
    for name in SOURCE_META:
        if named.get(name):
            found = SOURCE_LINE.search(named[name])
            return found.group(1) if found else named[name]
    text = " ".join(" ".join(document.itertext()).split())
    found = SOURCE_LINE.search(text)
    return found.group(1) if found else None


def web_address(url: str | None) -> str | None:
    """An http(s) address as the page gave it, or None: any other scheme (javascript:, data:)
    is no address to link to."""
    if not url:
        return None
    url = url.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None


def read_web(markup: str, address: str | None = None) -> ReadText:
    """The article of a page with what the page says about itself; the page whole when no
    article is found. `address`: where the page was saved from, when it does not say."""
    extracted = trafilatura.extract(markup, output_format="xml", with_metadata=True, include_tables=True,
                                    include_comments=False, favor_precision=True)
    root = etree.fromstring(extracted.encode("utf-8")) if extracted else None
    lines = article_lines(root) if root is not None else []
    metadata = trafilatura.extract_metadata(markup) if root is None else None
    attributes = dict(root.attrib) if root is not None else (metadata.as_dict() if metadata else {})
    page = WebPage(url=web_address(attributes.get("url")) or web_address(address), title=attributes.get("title") or None,
                   published=attributes.get("date") or None, source=source_line(markup))
    whole = sum(map(len, lines)) < SHORTEST_ARTICLE
    if whole:  # a line per block: a <br> may have broken a paragraph, which the text stages join again
        lines = page_text(markup).split("\n")
    elif page.title and not any("".join(line.split()) == "".join(page.title.split()) for line in lines[:5]):
        lines.insert(0, page.title)  # the page's title, often the report's, stands above its text
    return ReadText(lines=tuple(lines), characters=len(markup), page=page, paragraphs=not whole)


def mhtml_page(data: bytes) -> tuple[str, str | None] | None:
    """(the HTML of a page saved as MHTML, the address it was saved from), or None."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    location = message.get("Snapshot-Content-Location")
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_content(), location or part.get("Content-Location")
    return None


def read_mhtml(data: bytes) -> ReadText:
    """A page saved in one file: the HTML part of the MIME message, read as a web page."""
    saved = mhtml_page(data)
    if saved is None:
        raise ValueError("is not a web page saved as MHTML (no HTML part)")
    return read_web(*saved)
