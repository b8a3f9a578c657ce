"""Character-level helpers shared by every stage that matches Chinese text.

Rules match on a *folded* form of the text (NFKC, simplified script, pinyin annotations
removed), so one rule covers simplified, traditional and full-width input alike. The page
always keeps the original script.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import opencc

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")

# A bracketed pinyin syllable right after a character: 區(qū), 發(fā). A tone mark or ü is
# required so that ordinary bracketed Latin text such as (GDP) or (a) is never touched.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_ANNOTATION = re.compile(
    f"(?<=[{CJK}])[(（]([a-z{_TONED}]{{0,6}}[{_TONED}][a-z{_TONED}]{{0,6}})[)）]"
)
TONED_CHAR = re.compile(f"[{_TONED}]")  # a report seldom has one: the annotation is not looked for at every bracket

CN_DIGITS = "〇零一二三四五六七八九十百两"
# The address that opens a speech to a congress (各位代表：, 各位委员：, 各位主任、委员：, 各位代表、各位
# 委员：); with a colon: 各位代表！ inside a speech is no opening.
OPENING_LINE = re.compile(r"^各位(?:代表|委员|主任)(?:[、,，和及](?:各位)?[^:：，,。]{1,6})*[:：]$")
OPENING_IN_TEXT = re.compile(r"各位(?:代表|委员|主任)[^:：。，,]{0,12}[:：]")
YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年")  # 2020年, with the year as group 1


@functools.lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def strip_pinyin(text: str) -> str:
    return PINYIN_ANNOTATION.sub("", text) if TONED_CHAR.search(text) else text


def fold(text: str) -> str:
    """The form rules are written against: NFKC, simplified, no pinyin, no whitespace."""
    return _fold_kept(text) if len(text) <= KEPT_FOLD_CHARS else _fold(text)


KEPT_FOLD_CHARS = 1000  # a paragraph: folded for its figures' roles, then again for its words


@functools.lru_cache(maxsize=4096)
def _fold_kept(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", strip_pinyin(text))
    return "".join(to_simplified(text).split())


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes a noticeable share of the characters."""
    sample = strip_pinyin(text[:4000])
    hanzi = CJK_CHAR.findall(sample)
    if len(hanzi) < 20:
        return False
    converted = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed / len(hanzi) > 0.08


def cn_number(numeral: str) -> int | None:
    """Value of a Chinese or Arabic numeral as used in headings (一, 十二, 12)."""
    import cn2an  # imported lazily: it is only needed once headings are read

    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    try:
        value = cn2an.cn2an(numeral, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if value == int(value) else None


class CharTable(dict):
    """A str.translate table that computes each character's replacement on first sight:
    translating is then one pass in C, where a join over a cached function is a Python
    call per character."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, code: int) -> str:
        value = self[code] = self.function(chr(code))
        return value


@functools.lru_cache(maxsize=None)
def _width_char(ch: str) -> str:
    normal = unicodedata.normalize("NFKC", ch)
    return normal if len(normal) == 1 else ch


@functools.lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """One character folded alone: NFKC and traditional-to-simplified, each only where it
    keeps one character one character (全角 ６ → 6, 發 → 发)."""
    ch = _width_char(ch)
    simple = to_simplified(ch)
    return simple if len(simple) == 1 else ch


def fold_aligned(text: str) -> str:
    """A folded form of the same length as text, so that a match's offsets hold in both.

    The script is converted phrase by phrase where that keeps the length, else character
    by character.
    """
    widths = text.translate(WIDTH_TABLE)
    simplified = to_simplified(widths)
    if len(simplified) == len(widths):
        return simplified
    return text.translate(FOLD_TABLE)


WIDTH_TABLE = CharTable(_width_char)
FOLD_TABLE = CharTable(fold_char)
