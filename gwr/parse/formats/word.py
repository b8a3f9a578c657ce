"""Word files (.docx) read with python-docx: the body's paragraphs and tables in document order,
list numbering as Word prints it, footnotes and endnotes kept as notes after the text. Headers
and footers are page chrome (a running title, a page number) and are left out.

python-docx opens the package, resolves its parts and follows style inheritance; it does not
print automatic numbering, which lives in the numbering definitions and not in the text (a
heading typed as "2023年工作回顾" whose "一、" comes from its list level). `ListCounters`
renders it as Word would, Chinese counting included (cn2an), so a heading reads as printed.
"""
from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass, field

import cn2an
import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from gwr.model import Locator, ReadText

# Counting systems of numFmt, by what a Chinese document uses them for; each maps n >= 1 to text.
IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULL_STOPPED = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def letters(n: int) -> str:
    """Word's letter counting: a … z, then aa … zz, then aaa …"""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def from_table(table: str, n: int) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


def full_width(n: int) -> str:
    return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})


COUNTING = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": full_width,
    "decimalFullWidth2": full_width,
    "decimalHalfWidth": str,
    "lowerRoman": roman,
    "upperRoman": lambda n: roman(n).upper(),
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "chineseCounting": lambda n: cn2an.an2cn(n),
    "chineseCountingThousand": lambda n: cn2an.an2cn(n),
    "japaneseCounting": lambda n: cn2an.an2cn(n),
    "taiwaneseCounting": lambda n: cn2an.an2cn(n),
    "taiwaneseCountingThousand": lambda n: cn2an.an2cn(n),
    "taiwaneseDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: cn2an.an2cn(n, "up"),
    "ideographLegalTraditional": lambda n: cn2an.an2cn(n, "up"),
    "ideographTraditional": lambda n: from_table(IDEOGRAPH_TRADITIONAL, n),
    "ideographZodiac": lambda n: from_table(IDEOGRAPH_ZODIAC, n),
    "decimalEnclosedCircle": lambda n: from_table(CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: from_table(CIRCLED, n),
    "ideographEnclosedCircle": lambda n: from_table(CIRCLED, n),
    "decimalEnclosedParen": lambda n: from_table(PARENTHESISED, n),
    "decimalEnclosedFullstop": lambda n: from_table(FULL_STOPPED, n),
}
UNPRINTED = {"bullet", "none"}

T, NO_BREAK_HYPHEN = qn("w:t"), qn("w:noBreakHyphen")
TABS = {qn("w:tab"), qn("w:ptab")}
BREAKS = {qn("w:br"), qn("w:cr")}
NOTE_REFERENCES = {qn("w:footnoteReference"), qn("w:endnoteReference")}
# Text that is not printed where it stands: tracked deletions, the source of a move, a paragraph's
# own properties (a tab stop is no tab), field codes, drawings and text boxes (their own blocks),
# a second rendering of the same content (mc:Fallback beside mc:Choice).
UNREAD = {qn(name) for name in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText",
                                 "w:drawing", "w:pict", "w:txbxContent")} | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}  # a bullet's glyph is a symbol-font character, not text


def count_as(number_format: str, n: int) -> str:
    return COUNTING.get(number_format, str)(n)


@dataclass(frozen=True)
class ListLevel:
    start: int = 1
    number_format: str = "decimal"
    text: str = "%1."  # lvlText: %1 … %9 stand for the counters of levels 1 … 9
    legal: bool = False  # isLgl: the other levels' counters printed in decimal
    restart_after: int | None = None  # lvlRestart: reset only by a use of this level (1-based) or above
    suffix: str = "tab"  # suff: what Word puts between the number and the text: tab, space or nothing


def attribute(element, child: str, name: str = "w:val") -> str | None:
    found = element.find(qn(child)) if element is not None else None
    return found.get(qn(name)) if found is not None else None


def list_level(lvl) -> ListLevel:
    start, restart = attribute(lvl, "w:start"), attribute(lvl, "w:lvlRestart")
    return ListLevel(start=int(start) if start else 1,
                     number_format=attribute(lvl, "w:numFmt") or "decimal",
                     text=attribute(lvl, "w:lvlText") or "",
                     legal=lvl.find(qn("w:isLgl")) is not None,
                     restart_after=int(restart) if restart else None,
                     suffix=attribute(lvl, "w:suff") or "tab")


def numbering_definitions(numbering) -> dict[str, dict[int, ListLevel]]:
    """numId -> level -> ListLevel, the abstract definitions with each list's overrides."""
    if numbering is None:
        return {}
    abstract = {a.get(qn("w:abstractNumId")): {int(lvl.get(qn("w:ilvl"))): list_level(lvl)
                                                for lvl in a.iter(qn("w:lvl"))}
                for a in numbering.iter(qn("w:abstractNum"))}
    lists = {}
    for num in numbering.iter(qn("w:num")):
        levels = dict(abstract.get(attribute(num, "w:abstractNumId"), {}))
        for override in num.iter(qn("w:lvlOverride")):
            level = int(override.get(qn("w:ilvl")))
            replaced = override.find(qn("w:lvl"))
            if replaced is not None:
                levels[level] = list_level(replaced)
            start = attribute(override, "w:startOverride")
            if start and level in levels:
                levels[level] = dataclasses.replace(levels[level], start=int(start))
        lists[num.get(qn("w:numId"))] = levels
    return lists


def separator(label: str, suffix: str) -> str:
    """Between a list number and its text: Word's tab or space, kept as one space after a number
    such as "1." or "a)", and as nothing after a Chinese one ("一、", "（一）"), whose own
    punctuation parts it from the text."""
    if not label or suffix == "nothing" or not label[-1].isascii():
        return ""
    return " "


@dataclass
class ListCounters:
    """The counters of every list of a document, advanced paragraph by paragraph as Word does."""
    lists: dict[str, dict[int, ListLevel]]
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, list_id: str, level: int) -> str:
        """The number a paragraph at `level` of list `list_id` is printed with ("" for none)."""
        levels = self.lists.get(list_id)
        if not levels or level not in levels:
            return ""
        counts = self.counters.setdefault(list_id, {})
        definition = levels[level]
        counts[level] = counts[level] + 1 if level in counts else definition.start
        for deeper in [k for k in counts if k > level]:
            # reset by a use of any level above, or (lvlRestart N) of level N or above; 0: never
            restart = levels.get(deeper, ListLevel()).restart_after
            if restart is None or level < restart:
                del counts[deeper]
        if definition.number_format in UNPRINTED:
            return ""
        label = definition.text
        for shown in range(8, -1, -1):  # %10 is no placeholder: Word has nine levels
            placeholder = f"%{shown + 1}"
            if placeholder in label:
                shown_level = levels.get(shown, ListLevel())
                count = counts.get(shown, shown_level.start)
                label = label.replace(placeholder, str(count) if definition.legal and shown != level
                                      else count_as(shown_level.number_format, count))
        return label + separator(label, definition.suffix)


class _WordReader:
    """Walks one document's body into lines: a paragraph a line (its soft line breaks kept as
    lines), a table row a line with its cells between " | ", then the notes."""

    def __init__(self, document):
        self.document = document
        part = document.part
        numbering = part.numbering_part.element if _has_part(part, RT.NUMBERING) else None
        self.counters = ListCounters(numbering_definitions(numbering))
        self.style_numbering: dict[str, tuple[str, int] | None] = {}
        self.note_numbers: dict[tuple[str, str], int] = {}  # (kind, id) -> number printed
        self.lines: list[str] = []
        self.paragraph_starts: list[int] = []

    # Body
    def read(self) -> None:
        self.blocks(self.document.element.body)
        notes = self.notes()
        if notes:
            self.emit("")
            self.emit("注释")
            for line in notes:
                self.emit(line)

    def blocks(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self.emit(self.paragraph_text(child), paragraph=True)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):  # a content control wraps blocks of the body
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.blocks(content)

    def table(self, table) -> None:
        for row in table.iter(qn("w:tr")):
            if _owner_table(row) is not table:
                continue  # a nested table's rows are read in their cell
            cells = []
            for cell in row.iterchildren(qn("w:tc")):
                texts = [self.paragraph_text(p) for p in cell.iter(qn("w:p"))]
                cells.append(" ".join(t.replace("\n", " ").strip() for t in texts if t.strip()))
            if any(cells):
                self.emit(" | ".join(cells), paragraph=True)

    def emit(self, text: str, paragraph: bool = False) -> None:
        if paragraph and text.strip():
            self.paragraph_starts.append(len(self.lines) + 1)
        self.lines.extend(text.split("\n"))

    def paragraph_text(self, paragraph) -> str:
        return self.list_label(paragraph) + self.runs_text(paragraph)

    def runs_text(self, element) -> str:
        parts: list[str] = []
        self.collect_text(element, parts)
        return "".join(parts)

    def collect_text(self, element, parts: list[str]) -> None:
        for node in element.iterchildren():
            tag = node.tag
            if tag in UNREAD:
                continue
            if tag == T:
                parts.append(node.text or "")
            elif tag in TABS:
                parts.append("\t")
            elif tag in BREAKS:
                if node.get(qn("w:type")) not in ("page", "column"):
                    parts.append("\n")
            elif tag == NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag in NOTE_REFERENCES:
                parts.append(f"[{self.note_number(tag, node.get(qn('w:id')))}]")
            else:
                self.collect_text(node, parts)

    def list_label(self, paragraph) -> str:
        numbered = self.paragraph_numbering(paragraph)
        return self.counters.label(*numbered) if numbered else ""

    def paragraph_numbering(self, paragraph) -> tuple[str, int] | None:
        """(list id, level) from the paragraph's own properties, else from its style's."""
        properties = paragraph.find(qn("w:pPr"))
        own = properties.find(qn("w:numPr")) if properties is not None else None
        style_id = attribute(properties, "w:pStyle")
        inherited = self.numbering_of_style(style_id) if style_id else None
        if own is None:
            return inherited
        list_id = attribute(own, "w:numId") or (inherited[0] if inherited else None)
        level = attribute(own, "w:ilvl")
        if not list_id or list_id == "0":  # numId 0 takes numbering off
            return None
        return list_id, int(level) if level else (inherited[1] if inherited else 0)

    def numbering_of_style(self, style_id: str) -> tuple[str, int] | None:
        if style_id not in self.style_numbering:
            found, seen = None, set()
            style = self.document.styles.element.get_by_id(style_id)
            while style is not None and style.get(qn("w:styleId")) not in seen:
                seen.add(style.get(qn("w:styleId")))
                number = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
                if number is not None:
                    list_id = attribute(number, "w:numId")
                    level = attribute(number, "w:ilvl")
                    found = (list_id, int(level) if level else 0) if list_id and list_id != "0" else None
                    break
                based_on = attribute(style, "w:basedOn")
                style = self.document.styles.element.get_by_id(based_on) if based_on else None
            self.style_numbering[style_id] = found
        return self.style_numbering[style_id]

    # Notes
    def note_number(self, tag: str, note_id: str | None) -> int:
        kind = "footnote" if tag == qn("w:footnoteReference") else "endnote"
        return self.note_numbers.setdefault((kind, note_id or ""), len(self.note_numbers) + 1)

    def notes(self) -> list[str]:
        """"[n] text" for each footnote and endnote referred to, in the order of reference."""
        bodies = {}
        for kind, relationship in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
            if not _has_part(self.document.part, relationship):
                continue
            root = parse_xml(self.document.part.part_related_by(relationship).blob)
            for note in root.iterchildren(qn(f"w:{kind}")):
                text = "".join(self.runs_text(p) for p in note.iter(qn("w:p"))).strip()
                if text and note.get(qn("w:type")) in (None, "normal"):
                    bodies[(kind, note.get(qn("w:id")))] = text
        return [f"[{number}] {bodies[key]}" for key, number in self.note_numbers.items() if key in bodies]


def _has_part(part, relationship: str) -> bool:
    return any(rel.reltype == relationship for rel in part.rels.values())


def _owner_table(row):
    node = row.getparent()
    while node is not None and node.tag != qn("w:tbl"):
        node = node.getparent()
    return node


def chrome_characters(document) -> int:
    """Characters of the headers and footers left out (the build report counts them as format)."""
    seen, total = set(), 0
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and rel.target_part.partname not in seen:
            seen.add(rel.target_part.partname)
            root = parse_xml(rel.target_part.blob)
            total += sum(len(t.text or "") for t in root.iter(qn("w:t")))
    return total


def read_word(data: bytes) -> ReadText:
    """The text of a .docx file; raises ValueError when it is no Word document."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ValueError(f"is not a readable Word (.docx) file ({err})") from err
    reader = _WordReader(document)
    reader.read()
    text_characters = sum(len(line) for line in reader.lines) + max(len(reader.lines) - 1, 0)
    return ReadText(lines=tuple(reader.lines), locator=Locator("paragraph", tuple(reader.paragraph_starts)),
                    characters=text_characters + chrome_characters(document), paragraphs=True)
