"""Stage 3: repair the text of one document, line by line, recording every change.

* pinyin annotations after characters (區(qū) -> 區) are removed;
* GBK text read one byte out of step (。ㄒ唬┰谛掳l -> （一）在新發) is re-decoded; what stays
  unreadable is marked with 〓 (the geta mark Chinese typesetting uses for a missing glyph);
* spaces that PDF extraction put between characters (2020 年 7 月) are removed;
* a one- or two-character fragment standing before a section number (角 (二)…) is dropped.

Line breaks are kept: joining wrapped lines needs to know the headings (see outline.py).
"""
from __future__ import annotations

import re

from gwr.lexicon.textnorm import CJK, PINYIN_ANNOTATION, to_simplified
from gwr.model import Block, Repair, SourceLine

# Characters a misaligned GBK decode produces from the trail byte of a character:
# bopomofo, box drawing, Greek, Cyrillic, Japanese kana, CJK symbols of the A1-A9 rows.
_SUSPICIOUS = re.compile("[\u3100-\u312f\u2500-\u257f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff]")
_RUN_STOP = set("，。、；：？！“”‘’《》…—\u3000\ufffd")
GETA = "〓"
_SPACE_BETWEEN = re.compile(f"(?<=[{CJK}0-9])[ \t\u3000]+(?=[{CJK}])|(?<=[{CJK}])[ \t\u3000]+(?=[0-9])")
_STRAY_BEFORE_NUMBER = re.compile(
    r"^(\S{1,2})[ \u3000]+(?=[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)


def _is_common(char: str) -> bool:
    """A character of GB2312 level 1 (the 3,755 most used), after simplification."""
    if char in "（）()、，。":
        return True
    simple = to_simplified(char)
    try:
        encoded = simple.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


def _common_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(_is_common(c) for c in chars) / len(chars) if chars else 0.0


def _run_end(text: str, start: int) -> int:
    end = start + 1
    while end < len(text):
        char = text[end]
        if char.isspace() or char in _RUN_STOP:
            return end
        if ord(char) < 128:  # an ASCII byte is the trail byte that puts the decoder back in step
            return end + 1
        end += 1
    return end


def repair_mojibake(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Re-decode runs of GBK read one byte out of step. Returns the text and (kind, before, after)."""
    changes: list[tuple[str, str, str]] = []
    out: list[str] = []
    pos = 0
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    for start in starts:
        if start < pos or start >= len(text) or not _SUSPICIOUS.search(text[start:start + 4]):
            continue
        end = _run_end(text, start)
        run = text[start:end]
        try:
            shifted = run.encode("gbk")[1:].decode("gbk", errors="replace")
        except UnicodeEncodeError:
            continue
        shifted = shifted.replace("\ufffd", GETA)
        if _common_share(shifted) <= _common_share(run):
            continue
        kind = "garbled" if GETA in shifted or _common_share(shifted) < 0.75 else "mojibake"
        out.append(text[pos:start])
        out.append(shifted)
        changes.append((kind, run, shifted))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


def clean_line(line: SourceLine) -> tuple[Block | None, list[Repair]]:
    repairs: list[Repair] = []
    text = line.text.strip()
    # Mojibake first: a re-decoded run can end in a character that carries a pinyin note.
    text, changes = repair_mojibake(text)
    for kind, before, after in changes:
        repairs.append(Repair(kind, line.number, before, after))
    # A line that opens with a re-decoded run may be a heading whose number was lost.
    starts_repaired = bool(changes) and text.startswith(changes[0][2])
    annotations = PINYIN_ANNOTATION.findall(text)
    if annotations:
        stripped = PINYIN_ANNOTATION.sub("", text)
        repairs.append(Repair("pinyin", line.number, "、".join(annotations[:5]), "", len(annotations)))
        text = stripped
    stray = _STRAY_BEFORE_NUMBER.match(text)
    if stray:
        repairs.append(Repair("stray", line.number, stray.group(0), ""))
        text = text[stray.end():]
    spaced = _SPACE_BETWEEN.sub("", text)
    if spaced != text:
        repairs.append(Repair("spacing", line.number, "", "", len(text) - len(spaced)))
        text = spaced
    text = text.strip()
    if not text:
        return None, repairs
    return Block(text, line.number, line.number, repaired=starts_repaired), repairs


_PAIRS = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"))


def _unclosed(text: str) -> bool:
    return any(text.count(left) > text.count(right) for left, right in _PAIRS)


def join_broken_brackets(blocks: list[Block]) -> tuple[list[Block], list[Repair]]:
    """A short line whose bracket is left open (三、关于《 / …纲要（草案） / 》的说明: a heading
    broken where a web page had a link) is joined with the short lines that close it."""
    out: list[Block] = []
    repairs: list[Repair] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        end = i + 1
        if len(block.text) <= 40 and _unclosed(block.text):
            text = block.text
            while end < len(blocks) and end - i <= 3 and len(blocks[end].text) <= 80 and _unclosed(text):
                text += blocks[end].text
                end += 1
            if _unclosed(text):
                end = i + 1
            else:
                repairs.append(Repair("rejoin", block.first_line, block.text[-8:], blocks[i + 1].text[:8]))
                block = Block(text, block.first_line, blocks[end - 1].last_line,
                              block.repaired or any(b.repaired for b in blocks[i + 1:end]))
        out.append(block)
        i = end
    return out, repairs


def clean_lines(lines: tuple[SourceLine, ...] | list[SourceLine]) -> tuple[list[Block], list[Repair]]:
    blocks: list[Block] = []
    repairs: list[Repair] = []
    for line in lines:
        block, line_repairs = clean_line(line)
        repairs.extend(line_repairs)
        if block is not None:
            blocks.append(block)
    blocks, joined = join_broken_brackets(blocks)
    return blocks, repairs + joined
