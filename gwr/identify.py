"""Stage 4: split off a document's front matter and identify its metadata.

Front matter is what precedes the ``各位代表:`` opening: title, the subtitle
``——2020年4月27日在宁波市第十五届人民代表大会第五次会议上`` and the speaker line
``宁波市人民政府市长裘东耀``. In run-on reports all of it stands at the start of one line.

The region is found, in order of trust, in the title, the listing tag, the phrase
``我代表X人民政府``, and finally by which division the text mentions most at the level the
speech names (``我代表县人民政府`` → a county). Names are resolved against GB/T 2260.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .gazetteer import Division, Gazetteer
from .model import Block, Metadata, RawDocument, Region
from .textnorm import YEAR_MENTION, fold, is_traditional

OPENING_IN_TEXT = re.compile(r"各位(?:代表|委员)[^:：。，,]{0,12}[:：]")
DATE_MEETING = re.compile(
    r"[（(]?[—─\-~]*(\d{4})年(\d{1,2})月(\d{1,2})日(?:在)?(.{2,80}?会议)(?:上)?[)）]?"
)
SPEAKER = re.compile(
    r"(?P<title>(?:代理?|副)?(?:省长|市长|区长|县长|州长|盟长|旗长|主席|总理))(?P<name>[\u4e00-\u9fff·]{2,4})$"
)
ORGANISATION = re.compile(r"(委员会|局|厅|办公室|人民政府|办|部)$")
WE_REPRESENT = re.compile(r"我代表(.{0,14}?)人民政府")
ANONYMISED = re.compile(r"([xX×＊*某]{1,3})(省|市|区|县)")
STRAY_LEAD = re.compile(r"^\d\s+(?=\d{4})")  # a lone digit before the year: a layout artefact


@dataclass
class FrontMatter:
    title_blocks: list[str]  # lines (or the start of a run-on line) before the subtitle
    subtitle: str  # from the date of the subtitle up to the opening, spaces removed


def _compact(text: str) -> str:
    return "".join(text.split())


def split_front_matter(blocks: list[Block]) -> tuple[FrontMatter, list[Block]]:
    """Separate the front matter from the body. The opening itself starts the body."""
    seen = 0
    for i, block in enumerate(blocks[:8]):
        match = OPENING_IN_TEXT.search(block.text)
        if match and seen + match.start() <= 600:
            before = [b.text for b in blocks[:i]] + ([block.text[:match.start()]] if match.start() else [])
            titles, subtitle = _cut_at_date(before)
            front = FrontMatter(titles, subtitle)
            rest = Block(block.text[match.start():], block.first_line, block.last_line, block.repaired)
            return front, [rest] + blocks[i + 1:]
        seen += len(block.text)
    return FrontMatter([], ""), blocks


def _cut_at_date(pieces: list[str]) -> tuple[list[str], str]:
    """Title lines before the dated subtitle, and the subtitle with what follows it."""
    for k, piece in enumerate(pieces):
        compact = _compact(piece)
        folded = fold(compact)
        match = DATE_MEETING.search(folded)
        if match:
            head = compact[:match.start()] if len(folded) == len(compact) else ""
            titles = pieces[:k] + ([head] if head else [])
            return titles, compact[len(head):] + "".join(pieces[k + 1:])
    return pieces, ""


def choose_title(title_blocks: list[str], listing_title: str | None) -> str | None:
    """The report's own title: the last front-matter line naming a 报告, with the lines of a
    title wrapped over several lines joined back."""
    candidates = [_compact(STRAY_LEAD.sub("", t.strip())).strip("—─-") for t in title_blocks]
    candidates = [c for c in candidates if c]
    ends = [i for i, c in enumerate(candidates) if fold(c).endswith(("报告", "报告(摘要)"))]
    if ends:
        last = ends[-1]
        first = last
        while first > 0 and not fold(candidates[first - 1]).endswith("报告") and len(candidates[first - 1]) < 60:
            first -= 1
        return "".join(candidates[first:last + 1])
    if listing_title:
        return listing_title.strip()
    # The listing title repeated at the start of a run-on line, or no title at all.
    return candidates[0] if candidates and len(candidates[0]) <= 80 else None


def parse_subtitle(subtitle: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(date, meeting, speaker, speaker_title) from the text between title and opening."""
    compact = _compact(subtitle)
    folded = fold(compact)
    match = DATE_MEETING.search(folded)
    if not match:
        return None, None, None, None
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    date = f"{year:04d}-{month:02d}-{day:02d}"
    aligned = len(folded) == len(compact)
    meeting = (compact if aligned else folded)[match.start(4):match.end(4)]
    tail = (compact if aligned else folded)[match.end():].strip("）)—─ ")
    speaker, speaker_title = None, None
    speech = SPEAKER.search(fold(tail))
    if speech:
        speaker, speaker_title = tail[speech.start("name"):], tail[speech.start("title"):speech.start("name")]
    elif tail and ORGANISATION.search(fold(tail)) and len(tail) <= 30:
        speaker = tail
    return date, meeting, speaker, speaker_title


def classify(title: str | None, body_text: str) -> str:
    folded = fold(title or "")
    if "国民经济和社会发展计划" in folded and "报告" in folded:
        return "plan_report"
    if "政府工作报告" in folded or "工作报告" in folded:
        return "work_report"
    head = fold(body_text[:600])
    if OPENING_IN_TEXT.search(head) and re.search(r"我代表.{0,14}(人民政府|政府).{0,10}(报告|作报告)", head):
        return "work_report"
    return "news"


class RegionFinder:
    """Resolves region names in a document against the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, body_text: str):
        self.gazetteer = gazetteer
        self.text = fold(body_text)
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        """How often each division is named in the text, in full or short form."""
        if self._counts is None:
            counts: Counter[str] = Counter()
            for _, _, candidates in self.gazetteer.mentions(self.text):
                for d in candidates:
                    counts[d.code] += 1
            self._counts = counts
        return self._counts

    def support(self, d: Division) -> int:
        """Mentions of the division and of its ancestors: context that makes a guess safe."""
        return self.counts[d.code] + sum(self.counts[a.code] for a in self.gazetteer.ancestors(d))

    def best(self, candidates: list[Division]) -> Division:
        rank = {"province": 0, "prefecture": 1, "county": 2, "district": 2}
        return max(candidates, key=lambda d: (self.support(d), -rank[d.level], -int(d.code)))

    def in_phrase(self, phrase: str) -> Division | None:
        """The first division a short phrase (a title, a tag) names. A short form (宁波) must be
        backed by the text: one mention for a province or a city, two for a county."""
        for _, piece, candidates in self.gazetteer.mentions(fold(phrase)):
            if piece in self.gazetteer.by_full:
                return self.best(candidates)
            upper = [d for d in candidates if d.level in ("province", "prefecture")]
            if upper and self.support(self.best(upper)) > 0:
                return self.best(upper)
            if self.support(self.best(candidates)) > 1:
                return self.best(candidates)
        return None

    def most_mentioned(self, level_hint: str | None) -> Division | None:
        levels = {"省": ("province",), "市": ("prefecture", "county"), "县": ("county",),
                  "区": ("district",)}.get(level_hint or "", None)
        pool = [self.gazetteer.by_code[c] for c in self.counts]
        if levels:
            pool = [d for d in pool if d.level in levels]
        if not pool:
            return None
        # Own mentions first: a place named as often as its city is usually a lake or a park.
        return max(pool, key=lambda d: (self.counts[d.code], self.support(d), -int(d.code)))


def find_anonymised(title: str | None, head: str) -> Region | None:
    """A region printed as xx区 / 某县: kept as printed, marked anonymised."""
    rep = WE_REPRESENT.search(head)
    for phrase in (rep.group(1) if rep else "", fold(title or "")):
        match = ANONYMISED.search(phrase)
        if match:
            level = {"省": "province", "市": "prefecture", "区": "district", "县": "county"}[match.group(2)]
            return Region(name=match.group(0).lower(), level=level, province=None, parent=None,
                          anonymized=True)
    return None


def find_region(gazetteer: Gazetteer, title: str | None, tag: str | None,
                body_text: str, meeting: str | None = None) -> Region | None:
    head = fold(body_text[:800])
    anonymised = find_anonymised(title, head)
    if anonymised:
        return anonymised
    if "国务院" in fold(title or "") or "我代表国务院" in head:
        return Region(name="中国", level="national", province=None, parent=None, code="000000")
    finder = RegionFinder(gazetteer, body_text)
    for phrase in (title, tag, meeting):  # 宁波市第十五届人民代表大会 names the region too
        if phrase:
            found = finder.in_phrase(phrase)
            if found:
                return gazetteer.region(found)
    rep = WE_REPRESENT.search(head)
    if rep:
        named = finder.in_phrase(rep.group(1)) if len(rep.group(1)) > 1 else None
        if named:
            return gazetteer.region(named)
        found = finder.most_mentioned(rep.group(1)[-1:] if rep.group(1) else None)
        if found:
            return gazetteer.region(found)
    found = finder.most_mentioned(None)
    return gazetteer.region(found) if found else None


def infer_year(title: str | None, date: str | None, doc: RawDocument, body_text: str) -> int | None:
    if date:
        return int(date[:4])
    if title:
        years = YEAR_MENTION.findall(fold(title))
        if years:
            return int(years[-1])
    if doc.collection and doc.collection.year:
        return doc.collection.year
    # A work report reviews year Y and plans Y+1: "2022年工作回顾" is read in 2023.
    review = re.search(r"((?:19|20)\d{2})年(?:工作)?回顾", fold(body_text))
    return int(review.group(1)) + 1 if review else None


def default_title(region: Region | None, year: int | None, doc_type: str) -> str:
    name = region.name if region else ""
    kind = {"plan_report": "国民经济和社会发展计划报告", "news": "新闻"}.get(doc_type, "政府工作报告")
    return f"{year or ''}{'年' if year else ''}{name}{kind}"


def identify(doc: RawDocument, front: FrontMatter, body: list[Block],
             gazetteer: Gazetteer) -> Metadata:
    body_text = "\n".join(b.text for b in body)
    title = choose_title(front.title_blocks, doc.title)
    date, meeting, speaker, speaker_title = parse_subtitle(front.subtitle)
    doc_type = classify(title, body_text)
    region = find_region(gazetteer, title, doc.tag, body_text, meeting)
    year = infer_year(title, date, doc, body_text) if doc_type != "news" else None
    period = next((p for p in ("上半年", "下半年") if p in fold(title or "")), None)
    inferred = title is None
    if inferred:
        title = default_title(region, year, doc_type)
    return Metadata(
        doc_type=doc_type, title=title, title_inferred=inferred, region=region, year=year,
        date=date, meeting=meeting, speaker=speaker, speaker_title=speaker_title,
        period=period, script="traditional" if is_traditional(body_text) else "simplified",
    )
