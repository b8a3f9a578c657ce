"""PDF files read with pdfminer.six: the text lines of each page with their positions, put back
into the paragraphs they were printed as.

pdfminer.six finds the lines and their boxes (its layout analysis handles CJK text and the
fonts of office software); what a report's PDF needs beyond that is decided here from the
boxes:

* page furniture: a page number (`— 3 —`, `-3-`, `3`, `第 3 页`, `3/20`) or a running head or
  foot (the same line, numbers aside, at the top or the foot of most pages) is kept as a line of
  its own and flagged, so that splitting sets it aside as chrome, listed with its page;
* two columns: a page whose lines stand either left or right of its middle is read column by
  column (a title across both first);
* table rows: lines side by side on a page of one column are the cells of a row, read as one
  line with " | " between them;
* paragraphs: a line continues the one before unless it is indented, a gap wider than the line
  spacing parts them, or the line before stopped short of the right edge on purpose: after a
  sentence's end, before a list number (一、 （一） 1.), or where this line's first word would
  have fitted (a heading, a title). So lines that the page width broke are one paragraph again,
  across a column or page break too (a heading that a page break cut included), in justified
  and in ragged text alike;
* a PDF with no text layer (a scan) is refused with a warning: no OCR is done.

Each paragraph is a line of the text; its place is the page and line where it starts.
"""
from __future__ import annotations

import dataclasses
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from gwr.model import Locator, ReadText

PAGE_NUMBER = re.compile(r"^(?:[-—–－─~·•]*\d{1,4}[-—–－─~·•]*|第\d{1,4}页(?:[/，,]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|"
                         r"page\d{1,4}(?:of\d{1,4})?)$", re.I)
FURNITURE_ROWS = 2  # a page's furniture stands among its first or last lines
SENTENCE_END = set("。！？；：…!?;:")
CLOSING = "”’」』）)】》"
LIST_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|——|"
                         r"第[一二三四五六七八九十]+[章节部分条]|[①-⑳])")
# The first word of a line: a run of digits, Latin letters and the punctuation that may not
# open a line, or one Chinese character.
FIRST_WORD = re.compile(r"^(?:[0-9A-Za-z.%‰+\-/·，。、；：！？”’）)]+|.)")
SCANNED_CHARACTERS = 20  # fewer characters in the whole file: a scan
ASCII_WORD = re.compile(r"[A-Za-z]")
# A space pdfminer.six puts where justified Chinese text spreads its characters: between two
# Chinese characters or punctuation marks (CJK punctuation, ideographs, full-width forms).
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
SPREAD = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


@dataclass
class Box:
    """A line of text as pdfminer.six found it on a page (PDF units, y upwards)."""
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    first_word: float  # the width of its first word (FIRST_WORD), measured on its characters
    cells: bool = False  # a table row: lines side by side put together

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Flow:
    """A column of a page (or the page): its left and right edges, the width of a character and
    the spacing of its lines."""
    left: float
    right: float
    em: float
    pitch: float


@dataclass
class PrintedLine:
    page: int
    row: int  # its line on the page, counted from the top in reading order
    box: Box
    flow: Flow | None = None

    @property
    def text(self) -> str:
        return self.box.text

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip(CLOSING)[-1:] in SENTENCE_END

    @property
    def key(self) -> str:
        """The line with its numbers and spaces taken out: a running head's text on every page."""
        return re.sub(r"\d+", "#", "".join(self.text.split()))


def first_word_width(line: LTTextLine) -> float:
    characters = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    word = FIRST_WORD.match("".join(c.get_text() for c in characters))
    if not word or not characters:
        return 0.0
    last = characters[min(len(word.group(0)), len(characters)) - 1]
    return last.x1 - characters[0].x0


def text_lines(page) -> list[Box]:
    """Each text line of a page layout, those in figures included."""
    found = []

    def walk(element) -> None:
        for child in element:
            if isinstance(child, LTTextLine):
                text = SPREAD.sub("", child.get_text().strip())
                if text:
                    found.append(Box(child.x0, child.x1, child.y1, child.y0, text, first_word_width(child)))
            elif isinstance(child, (LTTextBox, LTFigure)):
                walk(child)
    walk(page)
    return found


def has_image(element) -> bool:
    return any(isinstance(child, LTImage) or (isinstance(child, LTFigure) and has_image(child)) for child in element)


def reading_order(lines: list[Box]) -> list[Box]:
    """A page's lines top to bottom, lines side by side put together as a table row; or column
    by column when the page has two: lines wholly left of the middle, then those wholly right of
    it, a line across both (a title) before the columns when it stands above them, after them
    otherwise."""
    by_height = sorted(lines, key=lambda l: (-l.top, l.x0))
    columns = two_columns(by_height)
    if columns is None:
        return table_rows(by_height)
    left, right = columns
    in_columns = {id(line) for line in left + right}
    columns_top = max(l.top for l in left + right)
    across = [l for l in by_height if id(l) not in in_columns]
    above = [l for l in across if l.bottom >= columns_top - 1]
    below = [l for l in across if l.bottom < columns_top - 1]
    return above + left + right + below


def two_columns(boxes: list[Box]) -> tuple[list[Box], list[Box]] | None:
    """The lines wholly left and wholly right of a page's middle (in the order given), when
    the page is set in two columns: enough of them on each side, and most lines one side or
    the other."""
    if len(boxes) < 6:
        return None
    middle = (min(b.x0 for b in boxes) + max(b.x1 for b in boxes)) / 2
    left = [b for b in boxes if b.x1 < middle]
    right = [b for b in boxes if b.x0 > middle]
    if len(left) < 3 or len(right) < 3 or len(left) + len(right) < 0.6 * len(boxes):
        return None
    return left, right


def table_rows(by_height: list[Box]) -> list[Box]:
    """Lines (top to bottom) that share a height put together, left to right, as one row."""
    rows: list[list[Box]] = []
    for line in by_height:
        first = rows[-1][0] if rows else None
        if first and min(first.top, line.top) - max(first.bottom, line.bottom) > 0.5 * min(first.height, line.height):
            rows[-1].append(line)
        else:
            rows.append([line])
    merged = []
    for row in rows:
        row.sort(key=lambda l: l.x0)
        merged.append(row[0] if len(row) == 1 else
                      Box(row[0].x0, row[-1].x1, max(l.top for l in row), min(l.bottom for l in row),
                          " | ".join(l.text for l in row), row[0].first_word, cells=True))
    return merged


def flow_of(lines: list[PrintedLine]) -> Flow:
    """The flow's edges: its leftmost line start, and the median end of its long lines (a ragged
    edge, or punctuation hanging past a justified one, moves no edge)."""
    boxes = [l.box for l in lines]
    em = statistics.median(b.height for b in boxes)
    pitches = [a.bottom - b.bottom for a, b in zip(boxes, boxes[1:]) if 0 < a.bottom - b.bottom < 4 * em]
    left, widest = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    long_ends = [b.x1 for b in boxes if b.x1 >= left + 0.75 * (widest - left)]
    return Flow(left=left, right=statistics.median(long_ends), em=em,
                pitch=statistics.median(pitches) if pitches else 1.5 * em)


def assign_flows(page_lines: list[PrintedLine]) -> None:
    """Each line's flow: its column's when the page has two (told apart by the middle), else the page's."""
    if not page_lines:
        return
    columns = two_columns([line.box for line in page_lines])
    groups: dict[str, list[PrintedLine]] = {"page": page_lines}
    if columns is not None:
        side = {id(box): name for name, column in zip(("left", "right"), columns) for box in column}
        groups = {}
        for line in page_lines:
            groups.setdefault(side.get(id(line.box), "across"), []).append(line)
    for members in groups.values():
        flow = flow_of(members)
        for line in members:
            line.flow = flow


def furniture(pages: list[list[PrintedLine]]) -> dict[int, set[int]]:
    """page -> the rows of its furniture: page numbers among its first or last lines, and lines
    there that stand at the top or foot of most pages (numbers aside)."""
    edges = {page: lines[:FURNITURE_ROWS] + lines[-FURNITURE_ROWS:] for page, lines in enumerate(pages, 1) if lines}
    repeated = Counter(key for lines in edges.values() for key in {l.key for l in lines})
    enough = max(2, (len(pages) + 1) // 2)
    return {page: {l.row for l in lines if PAGE_NUMBER.match("".join(l.text.split()))
                   or (len(pages) >= 2 and repeated[l.key] >= enough and len(l.key) <= 40)}
            for page, lines in edges.items()}


def starts_paragraph(line: PrintedLine, previous: PrintedLine | None) -> bool:
    if previous is None or line.box.cells or previous.box.cells:
        return True
    flow, before = line.flow, previous.flow
    if line.box.x0 > flow.left + 0.8 * flow.em:  # indented (or centred)
        return True
    if flow is before and previous.box.bottom - line.box.bottom > 1.6 * flow.pitch:  # a gap between blocks
        return True
    room = before.right - previous.box.x1
    if room < 1.5 * before.em:  # the line before ran to the edge: a wrapped line goes on
        return False
    return previous.ends_sentence or bool(LIST_NUMBER.match(line.text)) or room > line.box.first_word + 0.25 * before.em


def joined(before: str, after: str) -> str:
    """Two pieces of a paragraph: a space between two words of Latin letters, else nothing."""
    space = " " if ASCII_WORD.match(before[-1:]) and ASCII_WORD.match(after[:1]) else ""
    return before + space + after


def read_pdf(data: bytes) -> ReadText:
    """The text of a PDF, a paragraph a line; raises ValueError for a file that is not a readable
    PDF, or a scan."""
    pages: list[list[PrintedLine]] = []
    scanned: list[int] = []  # pages with a picture and no text
    try:  # a page's layout is let go once its lines are taken: a long PDF's would fill memory
        for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), 1):
            ordered = reading_order(text_lines(layout))
            pages.append([PrintedLine(number, row, box) for row, box in enumerate(ordered, 1)])
            if not ordered and has_image(layout):
                scanned.append(number)
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise ValueError(f"is an encrypted PDF that cannot be read ({type(err).__name__})") from err
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"is not a readable PDF ({type(err).__name__}: {err})") from err
    if sum(len(l.text) for lines in pages for l in lines) < SCANNED_CHARACTERS:
        raise ValueError("is a scanned PDF without a text layer (no OCR is done)" if scanned
                         else "is a PDF without text")
    read = paragraphs(pages)
    if scanned:
        listed = "、".join(map(str, scanned[:20])) + ("…" if len(scanned) > 20 else "")
        read = dataclasses.replace(read, warnings=(f"page(s) {listed} are scanned images without a text layer: "
                                                   "their text is missing (no OCR is done)",))
    return read


def paragraphs(pages: list[list[PrintedLine]]) -> ReadText:
    """The lines of the pages as paragraphs, each page's furniture a line of its own."""
    chrome = furniture(pages)
    lines: list[str] = []
    places: list[PrintedLine] = []
    flagged: list[int] = []
    previous: PrintedLine | None = None
    for page_lines in pages:
        body = [l for l in page_lines if l.row not in chrome.get(l.page, ())]
        assign_flows(body)
        for line in page_lines:
            if line.row in chrome.get(line.page, ()):
                lines.append(line.text)
                places.append(line)
                flagged.append(len(lines))
            elif starts_paragraph(line, previous):
                lines.append(line.text)
                places.append(line)
                paragraph_at = len(lines) - 1
                previous = line
            else:
                lines[paragraph_at] = joined(lines[paragraph_at], line.text)
                previous = line
    characters = sum(len(l.text) for page in pages for l in page) + sum(len(page) for page in pages) - 1
    return ReadText(lines=tuple(lines), characters=max(characters, 0),
                    locator=Locator("page", pages=tuple(p.page for p in places), rows=tuple(p.row for p in places)),
                    furniture=frozenset(flagged), paragraphs=True)
