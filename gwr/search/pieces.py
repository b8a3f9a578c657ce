"""A group's pieces: lunr's index of a group of reports, cut by bucket, in the compact form
static/search.js expands back to lunr's own for lunr.js (expandIndex).

lunr.py says what is computed. Buckets fall into units of consecutive buckets (INDEX_UNITS a
group at most); each unit is one lunr index, whose documents are the group's reports that have
terms in the unit (each as long as those terms' counts) and whose terms are the unit's, every
posting weighed by lunr's BM25: lunr.py's idf, k1 and b, as lunr.js scores. The index is then
cut into one piece per bucket: the bucket's terms in order, each with the documents holding it
(gaps between their numbers) and their weights in thousandths, as base-64 digits.

Built through lunr.py's Builder, a group of 64 reports (half a million postings, a Python step
each, five times over) took 1.7 s; here every posting of a group is counted and weighed at
once with numpy, in a fifth of the time. A test holds every piece equal to the index lunr.py's
Builder makes of the same documents, and another lunr.js's answers from it equal to its
answers from lunr.py's own JSON.
"""
from __future__ import annotations

import numpy as np
from lunr.builder import Builder
from lunr.idf import idf

from gwr.search.terms import term_buckets, term_counts, term_strings

FIELD = "t"  # one field, heading and text: every other field would repeat per term in the index
INDEX_UNITS = 256  # lunr indexes per group at most: of a report's ~17,000 distinct terms, ~65 in each
_LUNR = Builder()
K1, B = _LUNR._k1, _LUNR._b  # lunr.py's BM25 parameters: lunr.js's too

# Numbers in a piece are written as base-64 digits, 5 bits each, most significant first; a
# digit from the upper half of the alphabet says that more digits follow. Most gaps between
# documents take one character and most weights three, without separators.
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DIGIT_BYTES = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)


def number_code(value: int) -> str:
    code = DIGITS[value & 31]
    value >>= 5
    while value:
        code = DIGITS[32 + (value & 31)] + code
        value >>= 5
    return code


def numbers_code(values: list[int]) -> str:
    """Non-negative integers as one string (static/search.js readNumbers reads them back)."""
    return "".join(map(number_code, values))


def number_codes(values: np.ndarray) -> tuple[str, np.ndarray]:
    """The codes of non-negative integers, one after another in one string, and where each
    value's code ends: numbers_code of any run of them is a slice."""
    values = values.astype(np.int64)
    lengths = np.ones(len(values), dtype=np.int64)
    rest = values >> 5
    while rest.any():
        lengths += rest > 0
        rest >>= 5
    # Digit `place` of each value, counted from its last: the last in the lower half of DIGITS.
    place = lengths[:, None] - 1 - np.arange(lengths.max(initial=1))[None, :]
    digits = ((values[:, None] >> (5 * np.maximum(place, 0))) & 31) + 32 * (place > 0)
    return DIGIT_BYTES[digits[place >= 0]].tobytes().decode("ascii"), np.cumsum(lengths)


def unit_size(buckets: int) -> int:
    """Buckets in one index unit (a power of two, so units never straddle chunks)."""
    return max(1, buckets // INDEX_UNITS)


class Postings:
    """Every (term, document, count) of a group, by term, each term's documents in order."""

    def __init__(self, texts: list[str]):
        counted = [term_counts(text) for text in texts]
        keys = np.concatenate([keys for keys, _ in counted] or [np.zeros(0, np.uint32)])
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.counts = np.concatenate([counts for _, counts in counted] or [np.zeros(0, np.int64)])[order]
        self.documents = np.repeat(np.arange(len(texts)), [len(keys) for keys, _ in counted])[order]
        self.documents_in_group = len(texts)

    def keep(self, wanted_terms: np.ndarray, df: np.ndarray) -> None:
        """Only the postings of the terms wanted (a mask over terms, each of `df` postings)."""
        wanted = np.repeat(wanted_terms, df)
        self.keys, self.counts, self.documents = self.keys[wanted], self.counts[wanted], self.documents[wanted]

    def terms(self) -> tuple[np.ndarray, np.ndarray]:
        """Each term's first posting, and its document frequency."""
        firsts = np.flatnonzero(np.r_[True, self.keys[1:] != self.keys[:-1]]) if len(self.keys) else np.zeros(0, np.int64)
        return firsts, np.diff(np.r_[firsts, len(self.keys)])


def thousandths(weights: np.ndarray) -> np.ndarray:
    """round(round(w, 3) * 1000) of each weight: lunr.py's weight (rounded to three places)
    in thousandths. That is the rounding of w·1000, but where the product in floating point
    is a tie, which Python rounds from w's exact value."""
    scaled = weights * 1000
    rounded = np.rint(scaled)
    for at in np.flatnonzero(scaled - np.floor(scaled) == 0.5):
        rounded[at] = round(round(float(weights[at]), 3) * 1000)
    return rounded.astype(np.int64)


def bm25(postings: Postings, term_units: np.ndarray, df: np.ndarray) -> np.ndarray:
    """lunr's weight of every posting, in thousandths: each unit an index of its own, whose
    documents' lengths are their counts of its terms."""
    units = int(term_units.max(initial=0)) + 1
    unit = np.repeat(term_units, df)
    cell = postings.documents * units + unit
    length = np.bincount(cell, weights=postings.counts, minlength=postings.documents_in_group * units)
    by_unit = length.reshape(postings.documents_in_group, units)
    documents = (by_unit > 0).sum(axis=0)
    average = by_unit.sum(axis=0) / np.maximum(documents, 1)
    # In lunr.py's order of operations, so that every weight is the one its Builder computes.
    norm = K1 * (1 - B + B * length[cell] / average[unit])
    pairs, inverse = np.unique(np.stack([documents[term_units], df]), axis=1, return_inverse=True)
    idfs = np.array([idf({FIELD: dict.fromkeys(range(n))}, count) for count, n in pairs.T.tolist()])
    tf = postings.counts
    return thousandths(np.repeat(idfs[inverse.ravel()], df) * ((K1 + 1) * tf) / (norm + tf))


def group_pieces(texts: list[str], buckets: int, part: int = 0, parts: int = 1,
                 only: frozenset[int] | None = None) -> dict[int, bytes]:
    """The pieces of a group of reports (each report's text: its sections' headings and texts),
    {bucket: piece}; documents are the reports' places in the group (0, 1 …). With `parts`,
    only the units whose number is `part` modulo `parts`, so that one group can be built on
    several cores; with `only`, only the units of those buckets (a unit's index depends on its
    own terms' counts alone)."""
    postings = Postings(texts)
    firsts, df = postings.terms()
    terms = postings.keys[firsts]
    size = unit_size(buckets)
    bucket = term_buckets(terms, buckets)
    wanted = (bucket // size) % parts == part
    if only is not None:
        wanted &= np.isin(bucket // size, sorted({b // size for b in only}))
    if not wanted.all():
        postings.keep(wanted, df)
        terms, bucket = terms[wanted], bucket[wanted]
        firsts, df = postings.terms()
    if not len(terms):
        return {}
    weights = bm25(postings, bucket // size, df)
    gaps = np.diff(postings.documents, prepend=0)
    gaps[firsts] = postings.documents[firsts]
    entries = [f'["{term}","{gap}","{weight}"]' for term, gap, weight
               in zip(term_strings(terms), coded_runs(gaps, firsts, df), coded_runs(weights, firsts, df))]
    order = np.argsort(bucket, kind="stable")  # by bucket, each bucket's terms in order
    pieces: dict[int, list[str]] = {}
    for at, in_bucket in zip(order.tolist(), bucket[order].tolist()):
        pieces.setdefault(in_bucket, []).append(entries[at])
    return {b: ("[" + ",".join(found) + "]").encode("utf-8") for b, found in pieces.items()}


def coded_runs(values: np.ndarray, firsts: np.ndarray, lengths: np.ndarray) -> list[str]:
    """numbers_code of each run of values (the run at each of `firsts`, of its length)."""
    codes, ends = number_codes(values)
    starts = np.concatenate([[0], ends])[firsts]  # the ends of only the runs' values made Python integers
    return [codes[start:end] for start, end in zip(starts.tolist(), ends[firsts + lengths - 1].tolist())]
