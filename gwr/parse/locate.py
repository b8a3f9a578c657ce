"""Stage 4, the region: which government a document speaks for, read as a reader reads it.

Evidence, strongest first:

1. The government that speaks: ``我代表国务院`` is the national report; ``我代表市人民政府``,
   ``州人民政府``, ``行政公署`` … give the *kind* of region (市, 州, 县, 区, 盟 …), and a name
   printed in the phrase (``我代表宁波市人民政府``) gives the region itself.
2. Names printed in full in the title, the listing tag or the meeting
   (``宁波市第十五届人民代表大会``).
3. The scope words of the body (``全市``, ``我州``, ``全县``, ``全国`` …) when no formula says it:
   they tell a city from a county of the same stem (长沙市 / 长沙县) and a prefecture from
   its seat.
4. The places the body names. A short form (长沙) counts for every division it may stand for;
   the province the text points to is the one whose divisions it names most, and the region
   is never taken from another province.
5. The file's and its folders' names, ranked below all of the text: a file named after a city
   that holds the national report is the national report.

A short form that is an ordinary word (资源, 和平, 振兴, 合作 …) names a county or district;
such words are common in every report, so county-level short forms never decide a province;
within it they are candidates like any name, weighed by the kind of region the text speaks of.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gwr.lexicon.gazetteer import Division, Gazetteer
from gwr.lexicon.textnorm import fold
from gwr.model import Region

NATIONAL = Region(name="中国", level="national", province=None, parent=None, code="000000")

# 我代表X人民政府 / 我代表X行政公署 / 我代表国务院: X may be empty, a kind (市) or a name.
SPEAKS_FOR = re.compile(r"我代表(国务院|(.{0,16}?)(?:人民政府|政府|行政公署|行署))")
# Scope words: 我市 always speaks of the speaker's own region, 全市 mostly; 全市场 and 全区域 are
# not scope words, and 居全省第3位 / 高于全国平均 compare with the region above.
SCOPE = re.compile(r"(我|(?<![居于在比])全)(国|省|市|州|县|区|盟|旗)(?![场域第前首平均领先]|同类|排名)")
CONGRESS_FIRST = re.compile(r"^(.{0,30}?人民代表大会)(?:常务委员会)?第")
ANONYMISED = re.compile(r"([xX×＊*某]{1,3})(省|市|区|县)")
KIND_LEVEL = {"省": "province", "市": "prefecture", "区": "district", "县": "county"}
# The suffix of a division's name that says its kind, longest first.
_KIND_SUFFIXES = (("自治区", "区"), ("行政公署", "盟"), ("地区", "盟"), ("自治州", "州"), ("自治县", "县"),
                  ("自治旗", "旗"), ("特区", "区"), ("林区", "区"), ("省", "省"), ("市", "市"), ("州", "州"),
                  ("县", "县"), ("区", "区"), ("盟", "盟"), ("旗", "旗"))
FILE_NAME_WEIGHT = 3  # a name in the file's path counts as three mentions in the text


def kind_of(name: str) -> str | None:
    """The kind of region a name or a speech phrase ends with: 市, 州, 县, 区, 省, 盟 (a 盟 or
    a 地区, both governed by a 行政公署) or 旗."""
    for suffix, kind in _KIND_SUFFIXES:
        if name.endswith(suffix):
            return kind
    return None


@dataclass(frozen=True)
class Evidence:
    """What a document offers to place it, gathered once."""
    text: str  # the title, the listing tag and the body, folded
    phrases: tuple[str, ...]  # title, listing tag, meeting: folded
    path: str  # the file's path, folded


class Locator:
    """Places one document; holds the counts of the names its text mentions."""

    def __init__(self, gazetteer: Gazetteer, evidence: Evidence):
        self.gaz = gazetteer
        self.evidence = evidence
        mentions = self.gaz.mentions(evidence.text)
        self.counts = self._count(mentions)
        # Counties and districts named in full (振兴区, not 振兴): evidence of their province.
        self.full_county_counts = self._count(
            [(at, piece, [d for d in found if d.level in ("county", "district")])
             for at, piece, found in mentions if piece in self.gaz.by_full])
        self.path_counts = self._count(self.gaz.mentions(evidence.path))
        self.children_counts: Counter[str] = Counter()  # mentions of each division's children
        for code, n in self.counts.items():
            parent = self.gaz.by_code[code].parent_code
            if parent:
                self.children_counts[parent] += n

    @staticmethod
    def _count(mentions: list[tuple[int, str, list[Division]]]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for _, _, candidates in mentions:
            for d in candidates:
                counts[d.code] += 1
        return counts

    def speaker_kind(self) -> tuple[str | None, str | None]:
        """(kind, the phrase between 我代表 and 人民政府) of the first speech formula."""
        match = SPEAKS_FOR.search(self.evidence.text[:3000])
        if not match:
            return None, None
        if match.group(1) == "国务院":
            return "国", None
        phrase = match.group(2) or ""
        if match.group(0).endswith(("行政公署", "行署")):
            return "盟", phrase
        return kind_of(phrase), phrase

    def scope(self) -> Counter[str]:
        """How often the body's scope words name each kind of region (我市 counts twice)."""
        counts: Counter[str] = Counter()
        for who, kind in SCOPE.findall(self.evidence.text):
            counts[kind] += 2 if who == "我" else 1
        return counts

    def speaks_nationally(self, scope: Counter[str]) -> bool:
        """国 far ahead of every other kind: local reports say 全国 and 我国 too, less."""
        local = max((n for kind, n in scope.items() if kind != "国"), default=0)
        return scope["国"] >= 6 and scope["国"] > 2 * local

    def named_in_full(self, phrase: str) -> list[Division]:
        """Divisions a phrase names by their full name (宁波市), longest names first."""
        found = []
        for _, piece, candidates in self.gaz.mentions(phrase):
            if piece in self.gaz.by_full:
                found.extend(candidates)
        return found

    def province_scores(self) -> Counter[str]:
        """How strongly the text (and, less, the path) points to each province: mentions of the
        province and of its prefectures, and full names of its counties and districts."""
        scores: Counter[str] = Counter()
        for counts, weight in ((self.counts, 1), (self.path_counts, FILE_NAME_WEIGHT)):
            for code, n in counts.items():
                d = self.gaz.by_code[code]
                if d.level in ("province", "prefecture"):
                    scores[d.province_code] += n * weight
        for phrase in self.evidence.phrases:
            for d in self.named_in_full(phrase):
                scores[d.province_code] += 10
        for code, n in self.full_county_counts.items():
            scores[self.gaz.by_code[code].province_code] += n
        return scores

    def score(self, d: Division) -> float:
        """Own mentions, the path's (ranked below the text) and a share of its children's:
        a prefecture's report names its counties."""
        own = self.counts[d.code] + FILE_NAME_WEIGHT * self.path_counts[d.code]
        return own + 0.25 * self.children_counts[d.code]

    def candidates(self, kind: str | None, province: str | None) -> list[Division]:
        codes = set(self.counts) | set(self.path_counts)
        for phrase in self.evidence.phrases:
            codes.update(d.code for d in self.named_in_full(phrase))
        pool = [self.gaz.by_code[c] for c in codes]
        if kind:
            pool = [d for d in pool if kind_of(d.name) == kind]
        if province:
            pool = [d for d in pool if d.province_code == province]
        return pool

    def best(self, pool: list[Division], weight=lambda d: 1) -> Division | None:
        if not pool:
            return None
        return max(pool, key=lambda d: (self.score(d) * weight(d), d.level in ("province", "prefecture"),
                                        -int(d.code)))

    def locate(self) -> Region | None:
        kind, phrase = self.speaker_kind()
        if kind == "国":
            return NATIONAL
        if phrase:  # 我代表宁波市人民政府: the name is printed
            named = [d for d in self.named_in_full(phrase) if kind_of(d.name) == kind] or \
                self.named_short(phrase, kind)
            if named:
                return self.gaz.region(self.best(named))
        for phrase_text in self.evidence.phrases:
            named = self.named_in_full(phrase_text)
            if kind:
                named = [d for d in named if kind_of(d.name) == kind] or named
            if named:
                return self.gaz.region(self.best(named))
        scope = self.scope()
        if kind is None and self.speaks_nationally(scope):
            return NATIONAL
        provinces = self.province_scores()
        province = provinces.most_common(1)[0][0] if provinces else None
        if kind is None:  # the scope words weigh each candidate by its kind
            total = sum(n for k, n in scope.items() if k != "国") or 1
            found = self.best(self.candidates(None, province),
                              lambda d: 1 + scope[kind_of(d.name) or ""] / total)
            if found:
                return self.gaz.region(found)
        for k, p in ((kind, province), (kind, None)):
            found = self.best(self.candidates(k, p))
            if found:
                return self.gaz.region(found)
        found = self.best([self.gaz.by_code[c] for c in self.counts
                           if self.gaz.by_code[c].level in ("province", "prefecture")])
        return self.gaz.region(found) if found else None

    def named_short(self, phrase: str, kind: str | None) -> list[Division]:
        """Divisions a speech phrase names by a short form (我代表宁波人民政府), of its kind."""
        found = []
        for _, piece, candidates in self.gaz.mentions(phrase):
            found.extend(d for d in candidates if kind is None or kind_of(d.name) == kind)
        return found


def find_anonymised(title: str | None, head: str) -> Region | None:
    """A region printed as xx区 / 某县: kept as printed, marked anonymised."""
    rep = SPEAKS_FOR.search(head)
    for phrase in ((rep.group(2) or "") if rep else "", fold(title or "")):
        match = ANONYMISED.search(phrase)
        if match:
            return Region(name=match.group(0).lower(), level=KIND_LEVEL[match.group(2)], province=None,
                          parent=None, anonymized=True)
    return None


def find_region(gazetteer: Gazetteer, title: str | None, tag: str | None, body_text: str,
                meeting: str | None = None, path: str = "") -> Region | None:
    """The region a document speaks for (see the module's docstring), or None."""
    head = fold(body_text[:800])
    anonymised = find_anonymised(title, head)
    if anonymised:
        return anonymised
    folded_title = fold(title or "")
    if "国务院" in folded_title and "报告" in folded_title:
        return NATIONAL
    congress = CONGRESS_FIRST.match(head)  # a resolution opens with the session that passed it
    if congress and "全国人民代表大会" in congress.group(1):
        return NATIONAL
    phrases = tuple(fold(p) for p in (title, tag, meeting, congress.group(1) if congress else None) if p)
    # The title and the tag are read with the body: a news title's 株洲 counts as a mention.
    evidence = Evidence("\n".join(phrases[:2] + (fold(body_text),)), phrases, fold(path.replace("_", " ")))
    return Locator(gazetteer, evidence).locate()
