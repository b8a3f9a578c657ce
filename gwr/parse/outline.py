"""Stage 5: recover a report's section tree and its paragraphs from the cleaned body.

The rules follow the numbering conventions of Chinese official documents (党政机关公文格式,
GB/T 9704): parts 一、, sections （一）, items 1., sub-items （1）, with 第一方面/第一部分
and unnumbered part titles (2022年工作回顾) above them, and 专栏N sidebar boxes.

* A numbering style nests in the order it first appears; a heading continues the deepest
  open sequence of its style (二、 after 一、), and closes any deeper level.
* A number out of sequence is not a heading (干好“一一 六、当好排头兵” is a slogan), nor is
  a number inside open quotation marks.
* Part numbers do not restart inside a report: 一、 again under part 一、 opens a deeper
  level. Below the parts a list may restart (four requirements, then eight tasks): a new run
  of the same level.
* Long lines are run-on text: segments between spaces are paragraphs, and a heading ends
  where the body begins (一、2019年工作回顾2019年是… → 一、2019年工作回顾); the paragraph breaks
  such a line lost are put back (paragraphs.py).
* Parts numbered once (一、 … 八、) leave no room for unnumbered part titles; 第一， on a short
  line is a sub-heading inside a part; a short —— line under a heading is its subtitle.
* What is appended after the text (附件, 名词解释) is an appendix, never a part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gwr.lexicon.textnorm import OPENING_LINE, cn_number
from gwr.model import Block, Outline, Paragraph, Repair, Section
from gwr.parse.paragraphs import break_paragraphs

NUMERAL = "一二三四五六七八九十"
MARKERS = [
    ("fangmian", re.compile(rf"^第([{NUMERAL}]{{1,3}})(?:方面|部分|篇)[:：、.]?")),
    ("cn", re.compile(rf"^([{NUMERAL}]{{1,3}})[、.．](?![{NUMERAL}]是)")),
    ("paren-cn", re.compile(rf"^[（(]([{NUMERAL}]{{1,3}})[)）]")),
    ("arabic", re.compile(r"^(\d{1,2})[.．、](?![\d%])\s*")),
    ("paren-arabic", re.compile(r"^[（(](\d{1,2})[)）]")),
    ("box", re.compile(r"^专栏\s*(\d{1,2})")),
]
# 第一，坚持解放思想、实事求是的思想路线。 alone on a short line: a sub-heading inside a part.
ORDINAL = re.compile(rf"^第([{NUMERAL}]{{1,2}})[，,、](?=.{{4}})")
# A heading whose number the mojibake repair could not restore: （醛…, ）孺…
LOST_NUMBER = re.compile(r"^(?:[（(][^）)]{0,2}[)）]?|[)）])")
TERMINAL = "。！？；：…”’）)」』】!?;:"
SENTENCE_END = "。！？"
CLAUSE_STOP = "，,。；;：:！？!?"
RUN_ON_LENGTH = 1500
PART_TITLE = 16  # characters: the longest title of a part (一、…) a run-on body is cut at
PART_WORDS = re.compile(r"(回顾|任务|安排|打算|目标|建议|工作)$")
# Words a part title of an official report ends with, and words a body sentence opens with.
HEADING_FINAL = ("回顾", "工作", "任务", "建议", "安排", "建设", "水平", "效能", "政府", "目标",
                 "情况", "成效", "部署", "要求", "打算", "举措", "能力")
BODY_OPENERS = ("今年", "当前", "今后", "过去", "面对", "新征程", "新形势", "新时代", "新的一年",
                "一年来", "我们", "坚持", "奋斗", "站在", "做好", "未来", "为此", "全市", "全省",
                "全区", "全县", "市政府", "省政府", "区政府", "县政府", "总的看")
# Body openers a heading never runs on into: a time (二、2024年工作重点今年是…) or the address
# to the deputies (三、加强政府自身建设各位代表！…).
STRONG_OPENERS = ("今年", "过去一年", "过去的一年", "刚刚过去", "即将过去", "一年来", "新的一年", "当前",
                  "各位代表", "各位委员")
YEAR_START = re.compile(r"^(?:19|20)\d{2}年")


@dataclass
class Unit:
    """A piece of body text: a whole line, or a segment of a run-on line."""

    text: str
    first_line: int
    last_line: int
    run_on: bool = False
    repaired: bool = False
    starts_segment: bool = True


@dataclass
class Candidate:
    style: str
    number: int | None
    heading: str
    rest: str
    flags: tuple[str, ...] = ()


def run_on_heading_end(text: str, start: int, part: bool = False) -> int:
    """Where a heading that runs straight into its body ends (index into text). A part's title
    (一、) is short: when its body opens with a sentence of its own (三、全面加强政府自身建设重任在肩，
    惟有担当。), the title ends at its last part-final word within PART_TITLE characters."""
    region_end = len(text)
    for i in range(start, min(len(text), start + 60)):
        if text[i] in CLAUSE_STOP:
            region_end = i
            break
    else:
        region_end = min(len(text), start + 60)
    title = text[start:region_end]
    best = None
    for k in range(4, len(title)):
        head, body = title[:k], title[k:]
        final = head.endswith(HEADING_FINAL)
        year = bool(YEAR_START.match(body))
        repeat = len(body) >= 2 and body[:2] == title[:2]
        opener = body.startswith(BODY_OPENERS + STRONG_OPENERS)
        if (final or body.startswith(STRONG_OPENERS)) and (year or repeat or opener):
            return start + k
        if best is None and (year or repeat) and k >= 4:
            best = k
    finals = [k for k in range(4, len(title) - 1) if title[:k].endswith(HEADING_FINAL)]
    if part:
        within = [k for k in finals if k <= (best or PART_TITLE)]
        if within or best is not None:
            return start + (max(within) if within else best)
    full_stop = text.find("。", start, start + 46)
    if full_stop > 0 and any(c in text[start:full_stop] for c in "，,"):
        return full_stop + 1  # a two-clause lead sentence: 一、持续加力、互补共赢，成果丰硕。
    if best is not None:
        return start + best
    if region_end < len(text) and text[region_end] in SENTENCE_END and len(title) <= 50:
        return region_end + 1  # a lead sentence: the heading is the whole first sentence
    if finals:
        return start + finals[-1]
    return region_end if region_end - start <= 50 else start + 30


def line_heading_end(text: str, start: int) -> int:
    """Where a heading on a line of its own ends: the whole line, or its lead sentence."""
    for i in range(start, min(len(text), 120)):
        if text[i] in SENTENCE_END:
            return i + 1 if len(text) - (i + 1) > 0 else len(text)
    return len(text)


def candidate(unit: Unit, root_style: str | None) -> Candidate | None:
    """The heading a unit starts with, if any, before checking that its number fits."""
    text = unit.text
    for style, pattern in MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        number = cn_number(match.group(1))
        if number is None:
            return None
        end = (run_on_heading_end(text, match.end(), part=style == "cn") if unit.run_on
               else line_heading_end(text, match.end()))
        if style == "box":
            end = len(text) if len(text) <= 80 else line_heading_end(text, match.end())
        return Candidate(style, number, text[:end].rstrip(), text[end:].strip())
    ordinal = ORDINAL.match(text)
    if ordinal and not unit.run_on and len(text) <= 40 and not any(c in text[:-1] for c in SENTENCE_END):
        return Candidate("ordinal", cn_number(ordinal.group(1)), text, "")
    if unit.repaired and LOST_NUMBER.match(text):
        end = line_heading_end(text, 1)
        return Candidate("paren-cn", None, text[:end], text[end:].strip(), ("number-inferred", "repaired"))
    plain = text.rstrip("：:")
    if (not unit.run_on and 4 <= len(plain) <= 24 and PART_WORDS.search(plain)
            and not any(c in plain for c in "，,。；;！？、“”")
            and root_style in (None, "unnumbered")):
        return Candidate("unnumbered", None, text, "")
    return None


def split_units(blocks: list[Block]) -> list[Unit]:
    units: list[Unit] = []
    for block in blocks:
        if len(block.text) < RUN_ON_LENGTH:
            units.append(Unit(block.text, block.first_line, block.last_line, repaired=block.repaired))
            continue
        for segment in block.text.split():
            units.extend(_split_segment(segment, block))
    return units


_INLINE_NUMBER = re.compile(rf"(?<=[。！？：])(?=[（(][{NUMERAL}]{{1,3}}[)）]|[{NUMERAL}]{{1,3}}、)")


def _split_segment(segment: str, block: Block) -> list[Unit]:
    """A run-on segment, cut again before numbers that follow a full stop directly."""
    pieces, last = [], 0
    for match in _INLINE_NUMBER.finditer(segment):
        pieces.append(segment[last:match.start()])
        last = match.start()
    pieces.append(segment[last:])
    return [Unit(p, block.first_line, block.last_line, run_on=True, starts_segment=(i == 0))
            for i, p in enumerate(pieces) if p]


def _inside_quotes(text_before: str) -> bool:
    return text_before.count("“") > text_before.count("”")


FIRST_PART = re.compile(r"^一[、，,．.]")
# A line alone that opens what is appended to a report: 附件1, 附录, 名词解释, …有关内容名词注释.
APPENDIX = re.compile(r"^(?:附件|附录|附表)[0-9一二三四五六七八九十]{0,2}[:：]?$"
                      r"|^.{0,20}(?:名词解释|名词注释|词语解释)[:：]?$")


def split_appendix(units: list[Unit]) -> tuple[list[Unit], list[Section]]:
    """The units of the report and, after the first appendix line past its first half, the
    appended sections: each appendix line (or run of them: 附件2 名词解释) heads one, and all
    that follows it is its paragraphs."""
    start = next((i for i, u in enumerate(units) if i > len(units) // 2 and not u.run_on
                  and APPENDIX.match(u.text)), None)
    if start is None:
        return units, []
    sections: list[Section] = []
    for unit in units[start:]:
        if not unit.run_on and APPENDIX.match(unit.text):
            if sections and not sections[-1].paragraphs:
                sections[-1].heading += " " + unit.text
                continue
            sections.append(Section(unit.text, "appendix", len(sections) + 1, unit.first_line))
        else:
            sections[-1].paragraphs.append(Paragraph(unit.text, unit.first_line, unit.last_line))
    return units[:start], sections


def numbering_restarts(units: list[Unit]) -> bool:
    """Whether 一、 opens more than one line: parts numbered once (一、 … 八、) leave no room for
    unnumbered part titles above them (首先报告2001年的工作 is a sentence set apart)."""
    return sum(1 for u in units if not u.run_on and FIRST_PART.match(u.text)) != 1


def is_subtitle(text: str) -> bool:
    """A short —— line with no sentence in it: a heading's subtitle when it follows the heading."""
    return len(text) <= 32 and not any(c in text for c in "。；;！？")


class _Builder:
    def __init__(self, unnumbered_parts: bool = True, rejoins: bool = True):
        self.unnumbered_parts = unnumbered_parts
        self.rejoins = rejoins  # lines a page width broke are joined again (text files)
        self.preamble: list[Paragraph] = []
        self.roots: list[Section] = []
        self.stack: list[Section] = []  # open sections, outermost first (boxes excluded)
        self.box: Section | None = None
        self.box_items = 0
        self.repairs: list[Repair] = []

    @property
    def root_style(self) -> str | None:
        return self.roots[0].style if self.roots else None

    def paragraphs(self) -> list[Paragraph]:
        if self.box is not None:
            return self.box.paragraphs
        return self.stack[-1].paragraphs if self.stack else self.preamble

    def add_text(self, unit: Unit, text: str) -> None:
        if not text:
            return
        target = self.paragraphs()
        previous = target[-1] if target else None
        joinable = (self.rejoins and previous is not None and not unit.run_on
                    and previous.kind not in ("opening", "subtitle")
                    and not text.startswith("——")  # a dash opens a new item, never a wrapped line's end
                    and (previous.text[-1] not in TERMINAL or text[0] in "，,。；;：:、）)”"))
        if joinable:
            self.repairs.append(Repair("rejoin", unit.first_line, previous.text[-8:], text[:8]))
            previous.text += text
            previous.last_line = unit.last_line
            return
        kind = "li" if text.startswith("——") else "p"
        if kind == "li" and not target and self.stack and is_subtitle(text):
            kind = "subtitle"  # ——坚持稳中求进 under its heading: shown with it, not a part of it
        if text.startswith("各位") and OPENING_LINE.match(text):
            kind = "opening"
        target.append(Paragraph(text, unit.first_line, unit.last_line, kind=kind))

    def place(self, cand: Candidate, unit: Unit) -> bool:
        """Put a heading into the tree, or refuse it (returns False)."""
        if cand.style == "box":
            parent = self.stack[-1] if self.stack else None
            box = Section(cand.heading, "box", cand.number, unit.first_line,
                          after_paragraph=len(parent.paragraphs) if parent else 0)
            (parent.children if parent else self.roots).append(box)
            self.box, self.box_items = box, 0
            return True
        self.box = None
        if cand.style == "ordinal" and not self.stack:
            return False  # 第一， before any part is a list in the opening, not a part
        if cand.style in ("unnumbered", "fangmian"):
            same = [s for s in self.stack if s.style == cand.style]
            if cand.style == "fangmian" and same and cand.number != (same[-1].number or 0) + 1:
                return False
            self.stack.clear()
            return self._open(cand, unit, self.roots)
        levels = [i for i, s in enumerate(self.stack) if s.style == cand.style]
        number = cand.number
        if number is None:  # lost in mojibake: the next number of the deepest run of this style
            if not levels:
                return False
            number = (self.stack[levels[-1]].number or 0) + 1
            cand = Candidate(cand.style, number, cand.heading, cand.rest, cand.flags)
        if number == 1:
            if not levels:
                parent = self.stack[-1].children if self.stack else self.roots
                return self._open(cand, unit, parent)
            depth = levels[-1]
            if depth == 0 and self.stack[0] in self.roots and self.root_style == cand.style:
                # part numbering never restarts: a new 一、 below part N is a deeper level
                del self.stack[1:]
                return self._open(cand, unit, self.stack[0].children)
            del self.stack[depth:]
            parent = self.stack[-1].children if self.stack else self.roots
            return self._open(cand, unit, parent)
        for depth in reversed(levels):
            if self.stack[depth].number == number - 1:
                del self.stack[depth:]
                parent = self.stack[-1].children if self.stack else self.roots
                return self._open(cand, unit, parent)
        return False

    def _open(self, cand: Candidate, unit: Unit, siblings: list[Section]) -> bool:
        section = Section(cand.heading, cand.style, cand.number, unit.first_line, flags=cand.flags,
                          after_paragraph=len(self.stack[-1].paragraphs) if self.stack else 0)
        siblings.append(section)
        self.stack.append(section)
        return True

    def feed(self, unit: Unit, quoted: bool) -> None:
        cand = None if quoted else candidate(unit, self.root_style)
        if cand is not None and cand.style == "unnumbered" and not self.unnumbered_parts:
            cand = None
        if self.box is not None:
            # A box holds numbered items, and at most one lead paragraph before them.
            if cand is not None and cand.style == "arabic":
                self.box_items += 1
                self.add_text(unit, unit.text)
                return
            if cand is None and self.box_items == 0 and not self.box.paragraphs:
                self.add_text(unit, unit.text)
                return
            self.box = None
        if cand is not None and cand.style in ("arabic", "paren-arabic") and unit.run_on:
            cand = None  # inline 1. 2. in run-on text are list items, not sections
        if cand is not None and self.place(cand, unit):
            self.add_text(unit, cand.rest)
            return
        self.add_text(unit, unit.text)


def build_outline(blocks: list[Block], whole_paragraphs: bool = False) -> tuple[Outline, list[Repair]]:
    """The outline of a report's body; `whole_paragraphs`: each block is a whole paragraph
    (a Word, PDF or web page's), never the wrapped part of one."""
    units, appendix = split_appendix(split_units(blocks))
    builder = _Builder(unnumbered_parts=numbering_restarts(units), rejoins=not whole_paragraphs)
    segment_so_far = ""  # the run-on segment up to this unit, to see an open quotation mark
    for unit in units:
        inline = unit.run_on and not unit.starts_segment
        builder.feed(unit, quoted=inline and _inside_quotes(segment_so_far))
        segment_so_far = segment_so_far + unit.text if inline else unit.text
    run_on_lines = {u.first_line for u in units if u.run_on}
    if run_on_lines:
        builder.preamble[:] = break_paragraphs(builder.preamble, run_on_lines, [])
        for section in iter_sections(builder.roots):
            section.paragraphs = break_paragraphs(section.paragraphs, run_on_lines, section.children)
    outline = Outline(builder.preamble, builder.roots, appendix)
    assign_anchors(outline)
    return outline, builder.repairs


def assign_anchors(outline: Outline) -> None:
    """Anchors follow the tree (s2-3 is part 2, section 3), so they survive rebuilds."""
    for i, p in enumerate(outline.preamble, start=1):
        p.anchor = f"p{i}"

    def walk(sections: list[Section], prefix: str) -> None:
        index = 0
        for section in sections:
            if section.is_box:
                section.anchor = f"{prefix}box{section.number}" if prefix else f"box{section.number}"
            else:
                index += 1
                section.anchor = f"{prefix}{index}" if prefix else f"s{index}"
            for j, p in enumerate(section.paragraphs, start=1):
                p.anchor = f"{section.anchor}-p{j}"
            walk(section.children, section.anchor + "-")

    walk(outline.sections, "")
    for i, section in enumerate(outline.appendix, start=1):
        section.anchor = f"a{i}"
        for j, p in enumerate(section.paragraphs, start=1):
            p.anchor = f"a{i}-p{j}"


def iter_sections(sections: list[Section]):
    for section in sections:
        yield section
        yield from iter_sections(section.children)


def text_by_section(outline: Outline):
    """(anchor, heading path, plain text) of the preamble (anchor "") and every section."""
    if outline.preamble:
        yield "", [], "\n".join(p.text for p in outline.preamble)

    def walk(sections: list[Section], path: list[str]):
        for s in sections:
            here = path + [s.heading]
            yield s.anchor, here, "\n".join(p.text for p in s.paragraphs)
            yield from walk(s.children, here)

    yield from walk(outline.sections, [])
    yield from walk(outline.appendix, [])


def text_characters(outline: Outline) -> int:
    """Characters of a report's text, section by section (text_by_section): what a phrase's
    rate per 10,000 characters is of, on the term pages and the trends page alike."""
    return sum(len(text) for _, _, text in text_by_section(outline))


def reading_order(outline: Outline):
    """Every heading and paragraph text of the outline, in the order of the source."""
    for p in outline.preamble:
        yield p.text

    def walk(section: Section):
        yield section.heading
        for item in section.content():
            yield from (walk(item) if isinstance(item, Section) else [item.text])

    for section in outline.sections + outline.appendix:
        yield from walk(section)
