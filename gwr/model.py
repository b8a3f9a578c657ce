"""Plain data passed between the pipeline stages.

Data flow: SourceFile -> RawDocument -> (Block, Repair) -> Metadata + Outline -> Report -> Site.
Every stage takes these as arguments and returns new ones; nothing here does I/O.
"""
from __future__ import annotations

import bisect
import functools
import pickle
from dataclasses import dataclass, field
from typing import Callable, Iterable


@dataclass(frozen=True)
class Pickled:
    data: bytes


class Stored:
    """A value kept outside the record that names it (gwr.build.spill): load() reads it back."""

    def load(self):
        raise NotImplementedError

    @property
    def content_key(self) -> str:
        """A name of the value's content: the same value, the same name."""
        raise NotImplementedError


class PickledLater:
    """A dataclass field whose value stays pickled when its object is unpickled, until it is
    read (the class derives from KeepsPickled); or whose value is Stored elsewhere and read
    back, not kept, each time it is read. A rebuild loads every report and its marks from the
    cache but reads the text and marks only of those whose pages it makes again; a build
    holds every report but the text of the few it is working on."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            raise AttributeError(self.slot)  # for dataclasses: a field without a default
        value = obj.__dict__[self.slot]
        if type(value) is Pickled:
            value = obj.__dict__[self.slot] = pickle.loads(value.data)
        elif isinstance(value, Stored):
            return value.load()
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = value

    @staticmethod
    def stored(obj, name: str) -> Stored | None:
        """Where field `name` of obj is kept, when it is kept elsewhere (a spilled record): a
        reference that reads the value back later without holding it."""
        value = obj.__dict__["_" + name]
        return value if isinstance(value, Stored) else None

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def fields_of(cls: type) -> list["PickledLater"]:
        return [attribute for klass in cls.__mro__ for attribute in vars(klass).values()
                if isinstance(attribute, PickledLater)]


class KeepsPickled:
    """Pickles its PickledLater fields as one bytes object each (or as the reference to
    where they are stored)."""

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for attribute in PickledLater.fields_of(type(self)):
            if not isinstance(state[attribute.slot], (Pickled, Stored)):
                state[attribute.slot] = Pickled(pickle.dumps(state[attribute.slot], protocol=pickle.HIGHEST_PROTOCOL))
        return state


@dataclass(frozen=True)
class Locator:
    """How a reader finds a line of a source file in the original: by its line number in a
    text file, by its paragraph in a Word file (the paragraphs that hold text and the table rows,
    counted from 1), by its page and line on the page in a PDF (where a line of the text is a
    paragraph put together from the printed lines: the place where it starts)."""

    unit: str = "line"  # line | paragraph | page
    starts: tuple[int, ...] = ()  # paragraph: the line number at which each paragraph begins
    pages: tuple[int, ...] = ()  # page: each line's page
    rows: tuple[int, ...] = ()  # page: each line's printed line on that page

    def paragraph_of(self, line: int) -> int:
        return max(bisect.bisect_right(self.starts, line), 1)

    def place(self, line: int) -> str:
        if self.unit == "paragraph":
            return f"第 {self.paragraph_of(line)} 段"
        if self.unit == "page" and 0 < line <= len(self.pages):
            return f"第 {self.pages[line - 1]} 页第 {self.rows[line - 1]} 行"
        return f"第 {line} 行"

    def span(self, lines: tuple[int, int]) -> str:
        """Where lines first … last are, as "第 3–9 行", "第 2–40 段" or "第 1 页第 3 行至第 4 页第 7 行"."""
        first, last = lines
        if self.unit == "page":
            return self.place(first) if first == last else f"{self.place(first)}至{self.place(last)}"
        if self.unit == "paragraph":
            first, last = self.paragraph_of(first), self.paragraph_of(last)
        name = "段" if self.unit == "paragraph" else "行"
        return f"第 {first} {name}" if first == last else f"第 {first}–{last} {name}"


TEXT_LINES = Locator()


@dataclass(frozen=True)
class WebPage:
    """What a web page says about itself: evidence beside the text, and the address to cite."""
    url: str | None = None  # its own address: <link rel=canonical>, og:url, or where it was saved from
    title: str | None = None
    published: str | None = None  # the page's date (YYYY-MM-DD), not the report's
    source: str | None = None  # its source line: 来源：新华社


@dataclass(frozen=True)
class ReadText:
    """What a file format's reader takes from a file: its text as lines, how a line is found in
    the original, and the characters of the file it read them from (markup and page chrome
    left out are counted as format by the build report; 0: the lines are the whole file)."""

    lines: tuple[str, ...]
    locator: Locator = TEXT_LINES
    characters: int = 0
    furniture: frozenset[int] = frozenset()  # lines that were a page's number, running head or foot
    page: WebPage | None = None  # a web page's own metadata
    warnings: tuple[str, ...] = ()  # what the reader could not read of a file it read (a PDF's scanned pages)
    paragraphs: bool = False  # each line is a whole paragraph, heading or row (never joined to the next)


@dataclass(frozen=True)
class Diagnostic:
    """A problem with one input, reported with the file (and line) it came from."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SourceFile(KeepsPickled):
    """One decoded input file. `name` is its path relative to the seeds folder."""

    name: str
    sha256: str
    encoding: str
    lines: tuple[str, ...] = PickledLater()
    characters: int = 0  # of the file as decoded, before lines were read from it; 0: not read from a file
    locator: Locator = TEXT_LINES  # how a line is found in the original (a Word paragraph, a PDF page)
    furniture: frozenset[int] = frozenset()  # line numbers of page numbers and running heads (a PDF's)
    page: WebPage | None = None  # what a web page says about itself
    warnings: tuple[str, ...] = ()  # what its reader could not read (each build warns of it again)
    # Each line is a whole paragraph, heading or table row (a Word paragraph, a PDF paragraph its
    # reader put together, a web page's block): the text stages join no line to the next, as
    # they do the lines of a text file that a page width broke.
    paragraphs: bool = False
    line_count: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line_count", len(self.lines))


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True)
class Removal:
    """A source line left out of every document (site chrome, separators, listing dates)."""

    file: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Collection:
    """A compilation (汇编) that holds several untitled reports."""

    title: str
    year: int | None


@dataclass(frozen=True)
class RawDocument:
    """One document as cut out of a source file, before any repair."""

    file: str
    index: int  # position of the document inside its file
    lines: tuple[SourceLine, ...]
    title: str | None = None  # the title a listing gave it (bullet line, line after a separator)
    title_line: int | None = None
    tag: str | None = None  # a listing tag such as 【湖州招商】, without brackets
    listing_date: str | None = None  # date of the listing page, not of the report
    collection: Collection | None = None
    truncated: bool = False  # the source cut the text off (paywall, login)

    @property
    def line_span(self) -> tuple[int, int]:
        numbers = [ln.number for ln in self.lines]
        if self.title_line:
            numbers.append(self.title_line)
        return (min(numbers), max(numbers)) if numbers else (0, 0)


@dataclass(frozen=True)
class Repair:
    """One change the cleaning made to the text, kept so a page can show it."""

    kind: str  # pinyin | mojibake | garbled | spacing | stray | rejoin
    line: int
    before: str
    after: str
    count: int = 1


@dataclass(frozen=True)
class Block:
    """A cleaned piece of text with the source lines it came from."""

    text: str
    first_line: int
    last_line: int
    repaired: bool = False  # starts with a run the mojibake repair re-decoded


@dataclass(frozen=True)
class Region:
    name: str
    level: str  # national | province | prefecture | county | district
    province: str | None
    parent: str | None
    code: str | None = None
    anonymized: bool = False


REPORT_TYPES = ("work_report", "plan_report")  # the other types: news, resolution (on a report)


@dataclass(frozen=True)
class Metadata:
    doc_type: str  # work_report | plan_report | news | resolution
    title: str
    title_inferred: bool
    region: Region | None
    year: int | None
    date: str | None
    meeting: str | None
    speaker: str | None
    speaker_title: str | None
    period: str | None = None  # 上半年 / 下半年 for mid-year reports
    script: str = "simplified"  # or traditional

    @property
    def is_report(self) -> bool:
        """A report of a government (a work, plan or budget report), not a document about one."""
        return self.doc_type in REPORT_TYPES


@dataclass
class Paragraph:
    text: str
    first_line: int
    last_line: int
    anchor: str = ""
    kind: str = "p"  # p | li (a —— bullet) | subtitle (a —— line under its heading) | opening (各位代表:)


@dataclass
class Section:
    heading: str
    style: str  # part | cn | paren-cn | arabic | paren-arabic | fangmian | ordinal (第一，) | unnumbered | box
    number: int | None
    first_line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    anchor: str = ""
    flags: tuple[str, ...] = ()  # repaired | number-inferred
    # How many of the parent's paragraphs precede this section: a box stands among them.
    after_paragraph: int = 0

    @property
    def is_box(self) -> bool:
        return self.style == "box"

    def content(self) -> list["Paragraph | Section"]:
        """Paragraphs and child sections in reading order."""
        items: list[Paragraph | Section] = []
        children = sorted(self.children, key=lambda c: c.after_paragraph)  # stable sort
        k = 0
        for i, paragraph in enumerate(self.paragraphs):
            while k < len(children) and children[k].after_paragraph <= i:
                items.append(children[k])
                k += 1
            items.append(paragraph)
        items.extend(children[k:])
        return items


@dataclass
class Outline:
    preamble: list[Paragraph]
    sections: list[Section]
    # What follows the report's text: 附件, 名词解释 (style "appendix"), not parts of the report.
    appendix: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """A figure a report sets for the year (or, as an outcome, gives for the year before)."""
    indicator: str
    value: float | None  # None: a qualitative aim (与经济增长同步)
    low: float | None  # a range's lower end
    qualifier: str | None  # as printed: 左右, 以上, 以内, 力争 …, 区间 for a range, the aim's words
    text: str
    anchor: str = ""  # the paragraph or heading it was read from
    unit: str = "%"  # %, 万人 (new urban jobs), 万吨 or 亿斤 (grain); "" for an aim
    hardness: str = ""  # hard | soft | range | qualitative (gwr.parse.targets.HARDNESS)
    scope: str = ""  # income: urban | rural | all; unemployment: surveyed | registered
    position: str = ""  # main: in the report's list of main targets; plan: later, in its work plan
    estimate: bool = False  # an outcome given as an estimate (预计, 初步测算), not as reported


@dataclass(frozen=True)
class Copy:
    """Another place the same report was found: a copy of the file, the same report in another format."""
    file: str
    lines: tuple[int, int]
    place: str  # the lines as a reader finds them in that file (Locator.span)


@dataclass
class Report(KeepsPickled):
    id: str
    source_file: str
    source_lines: tuple[int, int]
    meta: Metadata
    truncated: bool
    outline: Outline = PickledLater()
    repairs: list[Repair]
    targets: list[Target]
    listing_date: str | None = None
    tag: str | None = None
    outcomes: list[Target] = field(default_factory=list)  # last year's results, as reported
    text_digest: str = ""  # of its title and text, less whitespace: the same report found twice (dedupe)
    body_digest: str = ""  # of its text alone: the same report twice in one file, titled once (dedupe)
    also_found: tuple[Copy, ...] = ()  # where each other copy was found
    characters: int = 0  # of the source lines it was cut from (the build report's accounting)
    locator: Locator = TEXT_LINES  # of its source file: how its lines are found in the original
    page: WebPage | None = None  # of its source file, a web page: its address, title, date, source
    targets_not_set: tuple[str, ...] = ()  # indicators it says it sets no target for (没有提出…目标)

    @property
    def source_place(self) -> str:
        """Where in its file it was read: "第 3–120 行", "第 2–88 段", "第 1 页第 3 行至第 9 页第 20 行"."""
        return self.locator.span(self.source_lines)

    @property
    def url(self) -> str:
        return f"/reports/{self.id}/"


# What a stage gives the writer besides bytes and text.
@dataclass(frozen=True)
class Kept:
    """A file of the previous output that this build keeps as it is: its digest."""
    digest: str


def as_bytes(content: bytes | str | Kept) -> bytes | Kept:
    """A file's content as bytes to write (text encoded as UTF-8), or Kept as it is."""
    return content.encode("utf-8") if isinstance(content, str) else content


@dataclass(frozen=True)
class Beside:
    """The pieces of a second data file made of the same reports as a first, one a report:
    made beside the first's, so that a report's text is read once for both."""
    kind: str
    make: Callable[[Report], bytes]
    also: tuple = ()


@dataclass(frozen=True)
class Streamed:
    """A file made piece by piece (a whole-corpus data file): written as its pieces come,
    never held whole. Bytes: a piece kept from the last build is written as it is, not
    encoded again (an edit rewrites the whole file, 60 MB at 1,000 reports)."""
    pieces: Iterable[bytes]
