"""The terms of search: how text is folded and cut, and which bucket a term falls in.

Chinese has no spaces and the browser has no jieba, so both sides cut text the same simple
way (static/search.js mirrors the string functions here, and a test holds them together):

- fold every character alone: NFKC (全角 ６ → 6), traditional → simplified, lower case, so
  that 经济 finds 經濟 and offsets in the folded text are offsets in the original;
- runs of word characters (CJK, Latin letters, digits) give their overlapping bigrams and
  their characters, so any substring of two or more characters is a set of bigrams and a
  single character is a term of its own.

`tokens` and `term_bucket` say it on strings. Indexing counts the terms of whole reports, a
Python step per term of which would cost more than the rest of the build together, so
`term_counts` and `term_buckets` do the same on arrays of term keys (numpy): a term's key is
its first character's code point times 2**16, plus the second's plus one for a bigram. Keys
sort as the terms do (经 < 经济 < 红), and a word character is never above U+FFFF, so a key
fits in 32 bits. A test holds both forms equal.
"""
from __future__ import annotations

import functools
import operator
import re
from typing import Iterable

import numpy as np

from gwr.lexicon import textnorm

WORD_CHARS = "0-9a-z\u00c0-\u024f\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD_RUN = re.compile(f"[{WORD_CHARS}]+")
WORD_RANGES = ((0x30, 0x39), (0x61, 0x7A), (0xC0, 0x24F), (0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xF900, 0xFAFF))  # WORD_CHARS, as code points
# The blocks whose folding the browser always gets, whatever the corpus holds: Latin letters,
# punctuation and number forms, CJK ideographs (traditional → simplified), CJK and full-width
# punctuation. A fixed table keeps search-fold.json, and so every page that names it, the same
# when an edit of the corpus brings in a character these blocks already hold.
FOLDED_BLOCKS = ((0x0000, 0x024F), (0x2000, 0x218F), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                 (0xF900, 0xFAFF), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF))
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193


@functools.lru_cache(maxsize=None)
def fold_char(ch: str) -> str:
    """textnorm.fold_char, lower-cased: what static/search.js computes too."""
    return textnorm.fold_char(ch).lower()


FOLD_TABLE = textnorm.CharTable(fold_char)


def fold(text: str) -> str:
    """Same length as text, character for character."""
    return FOLD_TABLE.translate(text)


def fold_ahead() -> None:
    """Fill the folding table for every character of FOLDED_BLOCKS (gwr.build.preload): a worker
    forked afterwards folds its first text at the speed of the next."""
    fold("".join(chr(code) for low, high in FOLDED_BLOCKS for code in range(low, high + 1)))


def tokens(text: str) -> list[str]:
    """The bigrams of each run of word characters, then its characters."""
    found: list[str] = []
    for run in WORD_RUN.findall(fold(text)):
        found += map(operator.add, run, run[1:])
        found += run
    return found


def term_bucket(term: str, buckets: int) -> int:
    """FNV-1a over the term's code points: static/search.js computes the same."""
    h = FNV_OFFSET
    for ch in term:
        h = ((h ^ ord(ch)) * FNV_PRIME) & 0xFFFFFFFF
    return h % buckets


@functools.lru_cache(maxsize=1)
def block_folding() -> dict[str, str]:
    """Every character of FOLDED_BLOCKS that folds to another."""
    mapping = {}
    for low, high in FOLDED_BLOCKS:
        for code in range(low, high + 1):
            ch = chr(code)
            if fold_char(ch) != ch:
                mapping[ch] = fold_char(ch)
    return mapping


OUTSIDE_FOLDED_BLOCKS = re.compile("[^" + "".join(f"{chr(low)}-{chr(high)}" for low, high in FOLDED_BLOCKS) + "]")


def unfolded(texts: Iterable[str]) -> str:
    """The characters of texts outside FOLDED_BLOCKS, once each, sorted."""
    return "".join(sorted({ch for text in texts for ch in OUTSIDE_FOLDED_BLOCKS.findall(text)}))


def char_map(texts: Iterable[str], blocks: dict[str, str] | None = None) -> dict[str, str]:
    """The folding the browser uses instead of its own NFKC and lower-case: every character
    of FOLDED_BLOCKS that folds (`blocks`, when known: block_folding()), and any other folded
    character of the corpus, so that both sides fold the corpus identically."""
    mapping = dict(blocks or block_folding())
    for ch in unfolded(texts):
        if fold_char(ch) != ch:
            mapping[ch] = fold_char(ch)
    return dict(sorted(mapping.items()))


def _word_table() -> np.ndarray:
    table = np.zeros(0x10000, dtype=bool)
    for low, high in WORD_RANGES:
        table[low:high + 1] = True
    return table


IS_WORD = _word_table()


def term_counts(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Counter(tokens(text)) as (keys, counts): the keys of its terms, sorted, and how often
    each occurs."""
    codes = np.frombuffer(fold(text).encode("utf-32-le"), dtype=np.uint32)
    word = IS_WORD[np.minimum(codes, 0xFFFF)] & (codes <= 0xFFFF)
    pair = word[:-1] & word[1:]
    bigrams = (codes[:-1][pair] << 16) | (codes[1:][pair] + 1)
    return np.unique(np.concatenate([bigrams, codes[word] << 16]), return_counts=True)


def term_strings(keys: np.ndarray) -> list[str]:
    """The terms of their keys."""
    chars = np.stack([keys >> 16, np.where(keys & 0xFFFF, (keys & 0xFFFF) - 1, 0)], axis=1).astype(np.uint32)
    return chars.view("<U2").ravel().tolist()  # a unigram's second character is 0, which numpy drops


def term_buckets(keys: np.ndarray, buckets: int) -> np.ndarray:
    """term_bucket of each term, from its key."""
    first = keys.astype(np.uint64) >> np.uint64(16)
    second = keys.astype(np.uint64) & np.uint64(0xFFFF)
    one = ((np.uint64(FNV_OFFSET) ^ first) * np.uint64(FNV_PRIME)) & np.uint64(0xFFFFFFFF)
    two = ((one ^ (second - np.uint64(1))) * np.uint64(FNV_PRIME)) & np.uint64(0xFFFFFFFF)
    return (np.where(second > 0, two, one) % np.uint64(buckets)).astype(np.int64)
