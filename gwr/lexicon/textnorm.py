"""Character-level helpers shared by every stage that matches Chinese text.

Rules match on a *folded* form of the text (NFKC, simplified script, pinyin annotations
removed), so one rule covers simplified, traditional and full-width input alike. The page
always keeps the original script.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

import numpy as np
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
    text = nfkc(strip_pinyin(text))
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
    """A function of one character over whole texts, each character's image computed once, on
    first sight. A short text is translated by str.translate with this dict of images; in a
    long one, where that makes a Python integer and a lookup of every character, the images
    of one character are taken from a table of code points (numpy) that the text's code
    points index, and the other images (none, or several characters) and the characters
    past the BMP are put in where they stand."""

    def __init__(self, function: Callable[[str], str]):
        super().__init__()
        self.function = function
        self.image = np.arange(BMP, dtype="<u4")  # a code point's image, when it is one character
        self.known = np.zeros(BMP, dtype=bool)
        self.single = np.ones(BMP, dtype=bool)
        self.all_single = True  # no image learnt in the table is other than one character

    def __missing__(self, code: int) -> str:
        value = self[code] = self.function(chr(code))
        return value

    def translate(self, text: str) -> str:
        if len(text) < SHORT_TEXT:
            return text.translate(self)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        beyond = codes.max() >= BMP
        in_bmp = np.minimum(codes, BMP - 1) if beyond else codes
        unknown = ~self.known[in_bmp]
        if unknown.any():
            self._learn(np.unique(in_bmp[unknown]).tolist())
        mapped = self.image[in_bmp].tobytes().decode("utf-32-le", "surrogatepass")
        if self.all_single and not beyond:
            return mapped
        odd = np.flatnonzero(~self.single[in_bmp] | (codes >= BMP))
        pieces, start = [], 0
        for at in odd.tolist():
            pieces += (mapped[start:at], self[int(codes[at])])
            start = at + 1
        pieces.append(mapped[start:])
        return "".join(pieces)

    def _learn(self, codes: list[int]) -> None:
        for code in codes:
            image = self[code]
            if len(image) == 1:
                self.image[code] = ord(image)
            else:
                self.single[code] = False
                self.all_single = False
            self.known[code] = True


SHORT_TEXT = 256  # characters: below, str.translate costs less than numpy's calls
BMP = 0x10000
NFKC_TABLE = CharTable(lambda ch: unicodedata.normalize("NFKC", ch))


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), in C speed for text that is NFKC once each of its
    characters is (most text): NFKC of a text is that of its characters' NFKC forms
    put together (their decompositions are the text's, as NFKC decomposes before it composes),
    and a text already in NFKC is its own."""
    if unicodedata.is_normalized("NFKC", text):  # a quick check, for text without full-width forms
        return text
    folded = NFKC_TABLE.translate(text)
    return folded if unicodedata.is_normalized("NFKC", folded) else unicodedata.normalize("NFKC", folded)


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
    widths = WIDTH_TABLE.translate(text)
    simplified = to_simplified(widths)
    if len(simplified) == len(widths):
        return simplified
    return FOLD_TABLE.translate(text)


def fold_aligned_all(texts: list[str]) -> list[str]:
    """[fold_aligned(text) for text in texts], converted as one text where that keeps each
    text's length: a conversion call per paragraph costs more than the conversion. The
    script converter matches phrases, and no phrase holds a line break, so each text
    converts alone as it does among the others."""
    joined = "\n".join(texts)
    converted = to_simplified(WIDTH_TABLE.translate(joined)).split("\n")
    if len(converted) == len(texts) and all(len(a) == len(b) for a, b in zip(converted, texts)):
        return converted
    return [fold_aligned(text) for text in texts]


WIDTH_TABLE = CharTable(_width_char)
FOLD_TABLE = CharTable(fold_char)
