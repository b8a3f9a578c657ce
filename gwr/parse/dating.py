"""Stage 4, the year: the year a report is delivered in, from what its text says.

A work report is delivered early in year Y: it reviews Y-1 (``2023年工作回顾``, ``刚刚过去的
2023年``, or an opening sentence ``2023年，我们…``) and plans Y (``2024年工作安排``,
``今年是“十四五”开局之年``). In order of trust: the date of the subtitle, the title, the
national congress's session (its calendar is fixed), the compilation's year, then the body:
its first review or plan clue, the five-year plan it opens or reviews, the year it opens with,
and at last the year its first part names most. Texts are folded (NFKC: ``１９８４`` is 1984)
and years in Chinese numerals (一九八四年) are read as digits.
"""
from __future__ import annotations

import re
from collections import Counter

from gwr.lexicon.textnorm import YEAR_MENTION, cn_number, fold

_Y = r"((?:19|20)\d{2})"
_CN_YEAR = re.compile(r"[一二三四五六七八九〇○零]{4}(?=年)")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
# Y reviewed: the report is of the year after.
REVIEW = [
    re.compile(_Y + r"年(?:和[“\"]?[^，。]{1,12}?时期)?[^，。、]{0,6}?工作的?(?:简要)?回顾"),
    re.compile(r"(?:刚刚|刚|已经)?过去的" + _Y + r"年"),
    re.compile(r"回顾" + _Y + r"年"),
]
# Y planned.
PLAN = [
    re.compile(_Y + r"年(?:的)?(?:主要|重点)?(?:工作(?:安排|任务|总体部署|建议)|主要任务|重点工作|总体要求"
               r"|(?:主要)?(?:预期)?目标(?:任务)?|经济社会发展(?:的)?(?:总体要求|主要预期目标|目标任务))"),
    re.compile(r"今年是" + _Y),
]
# The five-year plans: the first from 1953, the second from 1958, the third (after three years
# of adjustment) from 1966, and each later one five years after the one before.
FIVE_YEAR_PLAN = r"(?:(?<!世纪)第([一二三四五六七八九十]{1,3})个五年计划|[“\"]([一二三四五六七八九十]{1,3})五[”\"])"
PLAN_OPENS = re.compile(r"今年.{0,16}?" + FIVE_YEAR_PLAN + r".{0,12}?(?:开局|第一年|头一年|起步|开始)"
                        r"|从今年(?:开始|起)[^。]{0,30}" + FIVE_YEAR_PLAN)  # the last plan named
PLAN_REVIEWED = re.compile(r"^.{0,200}?" + FIVE_YEAR_PLAN + r"时期.{0,30}?回顾")
# The opening sentence after the speaker's formula: "2023年，在…领导下" reviews 2023.
OPENING_YEAR = re.compile(r"^.{0,160}?(?:意见|审议)。(?:[^。]{0,40}?)" + _Y + r"年(?:[,，是]|以来)")
# The National People's Congress: the first year of each term, one session a year (the fourth
# term met once). A report to a term without a session number is to its first session.
NPC_TERMS = {1: 1954, 2: 1959, 3: 1964, 4: 1975, 5: 1978, 6: 1983, 7: 1988, 8: 1993, 9: 1998,
             10: 2003, 11: 2008, 12: 2013, 13: 2018, 14: 2023, 15: 2028}
NPC_SESSION = re.compile(r"第([一二三四五六七八九十]{1,3})届全国人民代表大会(?:第([一二三四五六七八九十]{1,2})次会议)?")
ADDRESSED_SESSION = re.compile("向" + NPC_SESSION.pattern)
TERM_ENDED = re.compile(NPC_SESSION.pattern + "以来的五年")
SESSION_LAST_YEAR = re.compile(r"去年(?:\d{1,2}月)?(" + NPC_SESSION.pattern + ")")
# A report given at the end of a year sets next year's tasks, one given at its start this year's.
YEAR_END_REPORT = re.compile(r"明年.{0,12}?(?:任务|计划|目标)")
YEAR_START_REPORT = re.compile(r"今年.{0,12}?(?:任务|计划|目标)")


def with_digit_years(text: str) -> str:
    """一九八四年 as 1984年."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


_CN_MONTH_DAY = re.compile(r"([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def digits_in_dates(text: str) -> str:
    """二〇二六年一月二十七日 as 2026年1月27日."""
    def month_day(match: re.Match) -> str:
        month, day = cn_number(match.group(1)), cn_number(match.group(2))
        return f"{month}月{day}日" if month and day else match.group(0)
    return _CN_MONTH_DAY.sub(month_day, with_digit_years(text))


def national_session_year(text: str) -> int | None:
    """The year of a session of the National People's Congress named in the text."""
    match = NPC_SESSION.search(text)
    if not match:
        return None
    term = cn_number(match.group(1))
    session = cn_number(match.group(2)) if match.group(2) else 1
    if term not in NPC_TERMS or not session:
        return None
    return NPC_TERMS[term] + session - 1


def _plan_start(match: re.Match) -> int | None:
    number = next((g for g in match.groups() if g), None)
    n = cn_number(number) if number else None
    if not n:
        return None
    return 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)


def first_clue(text: str) -> int | None:
    """The year of the first review (Y-1) or plan (Y) clue in the text."""
    clues: list[tuple[int, int]] = []  # (position, year of the report)
    for patterns, shift in ((REVIEW, 1), (PLAN, 0)):
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                clues.append((match.start(), int(match.group(1)) + shift))
    return min(clues)[1] if clues else None


def five_year_plan_year(text: str) -> int | None:
    """今年是“七五”计划的第一年 → 1986; a first part reviewing “十一五”时期 → 2011."""
    opens = PLAN_OPENS.search(text)
    if opens and _plan_start(opens):
        return _plan_start(opens)
    reviewed = PLAN_REVIEWED.search(text)
    if reviewed and _plan_start(reviewed):
        return _plan_start(reviewed) + 5
    return None


def most_named_year(text: str) -> int | None:
    """The year the first part names most, plus one: that part reviews the past year."""
    counts = Counter(int(y) for y in YEAR_MENTION.findall(text[:8000]))
    if not counts:
        return None
    year, n = counts.most_common(1)[0]
    return year + 1 if n >= 3 else None


def opening_year(text: str) -> int | None:
    """The year the opening sentence reviews, plus one."""
    match = OPENING_YEAR.search(text)
    return int(match.group(1)) + 1 if match else None


def body_year(body: str) -> int | None:
    """The year a report's body says it is delivered in, or None. A report that sets next
    year's tasks (明年…任务) and not this year's is given at the end of the year: one earlier
    than a report given at the start of the year it plans."""
    text = with_digit_years(fold(body))
    at_year_end = bool(YEAR_END_REPORT.search(text)) and not YEAR_START_REPORT.search(text)
    for clue in (first_clue, five_year_plan_year, opening_year, most_named_year):
        year = clue(text)
        if year:
            return year - 1 if at_year_end else year
    return None


def infer_year(title: str | None, date: str | None, collection_year: int | None, body: str,
               meeting: str | None = None, national: bool = False) -> int | None:
    if date:
        return int(date[:4])
    folded_title = with_digit_years(fold(title or ""))
    years = YEAR_MENTION.findall(folded_title)
    if years:
        return int(years[-1])
    session = national_session_year(fold(meeting or "") + folded_title)
    if session:
        return session
    if collection_year:
        return collection_year
    if national:
        session = national_year_from_sessions(fold(body[:3000]))
        if session:
            return session
    return body_year(body)


def national_year_from_sessions(head: str) -> int | None:
    """A national report or resolution placed by the sessions its opening names: 向第五届全国人民
    代表大会作政府工作报告 (its first session); 第十一届…第一次会议以来的五年 (the next term's
    first session); 从去年9月第五届…第三次会议到现在 (a year after); a resolution opens with its
    own session."""
    addressed = ADDRESSED_SESSION.search(head)
    if addressed:
        return national_session_year(addressed.group(0))
    term_ended = TERM_ENDED.search(head)
    if term_ended and cn_number(term_ended.group(1)) + 1 in NPC_TERMS:
        return NPC_TERMS[cn_number(term_ended.group(1)) + 1]
    last_year = SESSION_LAST_YEAR.search(head)
    session = national_session_year(last_year.group(1)) if last_year else None
    if session:
        return session + 1
    return national_session_year(head[:40])
