"""Stage 4: split off a document's front matter and identify its metadata.

Front matter is what precedes the ``各位代表:`` opening: title, the subtitle
``——2020年4月27日在宁波市第十五届人民代表大会第五次会议上`` and the speaker line
``宁波市人民政府市长裘东耀``. In run-on reports all of it stands at the start of one line.

The region is found by locate.py (the speaking government, names, scope words, the file's
name last), the year by dating.py; the type here: work_report, plan_report (plan and budget
reports), resolution (a congress's resolution on a report) or news.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gwr.lexicon.gazetteer import Gazetteer
from gwr.lexicon.textnorm import OPENING_IN_TEXT, fold, is_traditional
from gwr.model import Block, Metadata, RawDocument, Region
from gwr.parse.dating import digits_in_dates, infer_year
from gwr.parse.locate import SPEAKS_FOR, find_region

DATE_MEETING = re.compile(
    r"[（(]?[—─―\-~]*(\d{4})年(\d{1,2})月(\d{1,2})日(?:在)?(.{2,80}?会议)(?:上)?[)）]?"
)
DAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SPEAKER = re.compile(
    r"(?P<title>(?:代理?|副)?(?:省长|市长|区长|县长|州长|盟长|旗长|主席|总理))(?P<name>[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+)$"
)
TITLE_LABEL = re.compile(r"^(?:标题|题目|文章标题)[:：]")
YEAR_IN_TITLE = re.compile(r"(?:19|20)\d{2}年")
MEETING_TAIL = re.compile(r"(?:会议|大会)上?[)）]?$")
ORGANISATION = re.compile(r"(委员会|局|厅|办公室|人民政府|办|部)$")
# A congress's resolution on the report: it names the session, the report and its approval.
RESOLUTION_HEAD = re.compile(r"会议(?:听取|审查|审议)(?:和|并)?(?:审议|审查|批准)?了")
SPEECH = re.compile(SPEAKS_FOR.pattern + r"[^。]{0,30}(?:报告|汇报)")  # …向大会报告工作
NUMBERED_PART = re.compile(r"(?:^|\n|[。！？])第?[一二三四五六七八九十]{1,2}[、，,．.]")  # run-on text too
LONG_REPORT = 8000  # characters: no news item is this long and has numbered parts
STRAY_LEAD = re.compile(r"^\d\s+(?=\d{4})")  # a lone digit before the year: a layout artefact


@dataclass
class FrontMatter:
    title_blocks: list[str]  # lines (or the start of a run-on line) before the subtitle
    subtitle: str  # the dated subtitle and what follows on its line(s), spaces removed
    after: list[str] = field(default_factory=list)  # the lines between the subtitle and the opening


def _compact(text: str) -> str:
    return "".join(text.split())


# The speech's first sentence, where a report has no 各位代表: opening: 现在，我代表市人民政府…
FIRST_SENTENCE = re.compile(r"现在[，,]\s*我代表")


def split_front_matter(blocks: list[Block]) -> tuple[FrontMatter, list[Block]]:
    """Separate the front matter from the body. The opening itself starts the body (or, in a
    report without one, its first sentence)."""
    front = _front_matter_before(blocks, OPENING_IN_TEXT)
    return front if front is not None else _front_matter_before(blocks, FIRST_SENTENCE) or (FrontMatter([], ""), blocks)


def _front_matter_before(blocks: list[Block], opening: re.Pattern) -> tuple[FrontMatter, list[Block]] | None:
    seen = 0
    for i, block in enumerate(blocks[:24]):  # web pages put menus and tools above the title
        match = opening.search(block.text)
        if match and seen + match.start() <= 600:
            before = [b.text for b in blocks[:i]] + ([block.text[:match.start()]] if match.start() else [])
            front = _cut_at_date(before)
            rest = Block(block.text[match.start():], block.first_line, block.last_line, block.repaired)
            return front, [rest] + blocks[i + 1:]
        seen += len(block.text)
    return None


def _dated(text: str) -> re.Match | None:
    return DATE_MEETING.search(digits_in_dates(fold(text)))


def _cut_at_date(pieces: list[str]) -> FrontMatter:
    """Title lines before the dated subtitle, the subtitle (a line, or two when the date and the
    meeting were broken apart) and the lines after it."""
    for k, piece in enumerate(pieces):
        compact = _compact(piece)
        width = 1 if _dated(compact) else 0
        if not width and k + 1 < len(pieces) and DAY.search(digits_in_dates(fold(compact))):
            width = 2 if _dated(compact + _compact(pieces[k + 1])) else 0  # the meeting on the next line
        if width:
            subtitle = "".join(_compact(p) for p in pieces[k:k + width])
            folded = fold(subtitle)
            match = _dated(subtitle)
            head = subtitle[:match.start()] if folded == digits_in_dates(folded) and len(folded) == len(subtitle) else ""
            titles = pieces[:k] + ([head] if head else [])
            return FrontMatter(titles, subtitle[len(head):], [_compact(p) for p in pieces[k + width:]])
    return FrontMatter(pieces, "")


# A title line that is whole by itself: wrapped titles are not joined onto it.
WHOLE_TITLE = re.compile(r"^(?:(?:19|20)\d{2}年|关于)|^.{0,16}政府工作报告(?:[(（]摘要[)）])?$")


def choose_title(title_blocks: list[str], listing_title: str | None) -> str | None:
    """The report's own title: the last front-matter line naming a 报告 (one with its year when
    a generic 政府工作报告 follows it), with a title wrapped over several lines joined back."""
    # A news site's reprint labels its title (标题：…).
    candidates = [TITLE_LABEL.sub("", _compact(STRAY_LEAD.sub("", t.strip()))).strip("—─―-") for t in title_blocks]
    # A speaker's line or the tail of a subtitle cut off above (…会议上) is no title.
    candidates = [c for c in candidates if re.search(r"\w", c) and not SPEAKER.search(fold(c))
                  and not MEETING_TAIL.search(fold(c))]
    ends = [i for i, c in enumerate(candidates) if fold(c).endswith(("报告", "报告(摘要)"))]
    if ends:
        dated = [i for i in ends if YEAR_IN_TITLE.search(fold(candidates[i]))]
        last = dated[-1] if dated and not YEAR_IN_TITLE.search(fold(candidates[ends[-1]])) else ends[-1]
        first = last
        while (first > 0 and not WHOLE_TITLE.search(fold(candidates[last])) and len(candidates[first - 1]) < 60
               and not fold(candidates[first - 1]).endswith("报告")):
            first -= 1
        return "".join(candidates[first:last + 1])
    if listing_title:
        return listing_title.strip()
    # The listing title repeated at the start of a run-on line, or no title at all.
    return candidates[0] if candidates and len(candidates[0]) <= 80 else None


def find_speaker(pieces: list[str]) -> tuple[str | None, str | None]:
    """(speaker, speaker_title) from the first line, or pair of lines, that ends with a title and
    a name (福建省人民政府省长赵龙; 市长 林海波; 国务院总理 / 李　强: letter-spaced names arrive
    without their spaces)."""
    compact = [_compact(p) for p in pieces]
    for line in compact + [a + b for a, b in zip(compact, compact[1:])]:
        speech = SPEAKER.search(fold(line))
        if speech and len(fold(line)) == len(line):
            return line[speech.start("name"):], line[speech.start("title"):speech.start("name")]
    return None, None


def parse_subtitle(subtitle: str, after: list[str] | None = None
                   ) -> tuple[str | None, str | None, str | None, str | None]:
    """(date, meeting, speaker, speaker_title) from the subtitle (its date may be written in
    Chinese numerals) and the lines between it and the opening."""
    compact = _compact(subtitle)
    folded = digits_in_dates(fold(compact))
    match = DATE_MEETING.search(folded)
    if not match:
        return (None, None) + find_speaker(after or [])
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    date = f"{year:04d}-{month:02d}-{day:02d}"
    aligned = len(folded) == len(compact)
    meeting = (compact if aligned else folded)[match.start(4):match.end(4)]
    tail = (compact if aligned else folded)[match.end():].strip("）)—─ ")
    speaker, speaker_title = find_speaker([tail] + (after or []))
    organisation = tail or "".join(after or [])[:31]  # a plan report is given by an organisation
    if speaker is None and organisation and ORGANISATION.search(fold(organisation)) and len(organisation) <= 30:
        speaker = organisation
    return date, meeting, speaker, speaker_title


def classify(title: str | None, body_text: str) -> str:
    """work_report, plan_report (a plan or a budget report), resolution or news."""
    folded = fold(title or "")
    if "决议" in folded:
        return "resolution"
    if "报告" in folded and ("计划" in folded or "预算" in folded) and "政府工作报告" not in folded:
        return "plan_report"
    if "工作报告" in folded:
        return "work_report"
    head = fold(body_text[:1500])
    if RESOLUTION_HEAD.search(head[:300]) and "批准" in head and len(body_text) < LONG_REPORT:
        return "resolution"
    if SPEECH.search(head):
        return "work_report"
    long = len(body_text) >= LONG_REPORT
    if long and (OPENING_IN_TEXT.search(head[:200]) or len(NUMBERED_PART.findall(body_text)) >= 3):
        return "work_report"
    return "news"


def default_title(region: Region | None, year: int | None, doc_type: str) -> str:
    name = region.name if region else ""
    kind = {"plan_report": "国民经济和社会发展计划报告", "news": "新闻",
            "resolution": "关于政府工作报告的决议"}.get(doc_type, "政府工作报告")
    return f"{year or ''}{'年' if year else ''}{name}{kind}"


def identify(doc: RawDocument, front: FrontMatter, body: list[Block],
             gazetteer: Gazetteer) -> Metadata:
    body_text = "\n".join(b.text for b in body)
    title = choose_title(front.title_blocks, doc.title)
    date, meeting, speaker, speaker_title = parse_subtitle(front.subtitle, front.after)
    if speaker is None and not front.subtitle:  # the subtitle lost: a speaker's line may remain
        speaker, speaker_title = find_speaker(front.title_blocks)
    doc_type = classify(title, body_text)
    region = find_region(gazetteer, title, doc.tag, body_text, meeting, doc.file)
    national = region is not None and region.level == "national"
    year = infer_year(title, date, doc.collection.year if doc.collection else None, body_text,
                      meeting, national) if doc_type != "news" else None
    period = next((p for p in ("上半年", "下半年") if p in fold(title or "")), None)
    inferred = title is None
    if inferred:
        title = default_title(region, year, doc_type)
    return Metadata(
        doc_type=doc_type, title=title, title_inferred=inferred, region=region, year=year,
        date=date, meeting=meeting, speaker=speaker, speaker_title=speaker_title,
        period=period, script="traditional" if is_traditional(body_text) else "simplified",
    )
