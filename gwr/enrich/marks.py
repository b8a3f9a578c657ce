"""Stage 7b: in-text annotations, once the corpus is linked.

Every paragraph gets marks (character spans) of four kinds, each switchable by the reader:
glossary terms, mentions of regions that have pages, numbers with units (role result or
target, from parse.figures), and the report's distinctive keywords. Matching runs
on a folded copy of the same length as the text, so offsets hold in the original script.
The same pass collects every term's occurrences in context for the term pages.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from gwr.digest import fingerprint, running_digest
from gwr.enrich.keywords import KeywordState, WordCounts, words
from gwr.enrich.link import Site
from gwr.lexicon.gazetteer import Gazetteer, NameFinder, short_name
from gwr.lexicon.glossary import Glossary
from gwr.lexicon.textnorm import fold_aligned_all
from gwr.model import KeepsPickled, Paragraph, PickledLater, Report
from gwr.parse.figures import sentence_role, texts_with_roles
from gwr.parse.outline import iter_sections, text_characters

UNIT = (r"(?:%|‰|个百分点|倍|(?:万亿|亿|万|千)?(?:元|美元|吨|千瓦时|千瓦|公里|千米|平方公里|平方米|立方米|亩|"
        r"标准箱|人次|人|户|家|个|项|所|辆|套|件|座|条|台|张|间|艘|架|名|位|场|次|床|册|处|吨标准煤))")
QUANTITY = re.compile(r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?:[-—–~～至到]\d+(?:\.\d+)?)?" + UNIT)
SENTENCE = re.compile(r"[^。；;！？]+[。；;！？]?")
CONTEXT = 24  # characters either side of a term on its page
PRIORITY = {"term": 0, "region": 1, "number": 2, "keyword": 3}


@dataclass(frozen=True, slots=True)  # a report has thousands: slots make each a third the size
class Mark:
    start: int
    end: int
    kind: str  # term | region | number | keyword
    ref: str = ""  # term slug, region name or keyword
    role: str = ""  # numbers: result | target


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a glossary term, in context."""
    report: Report
    anchor: str
    before: str
    match: str
    after: str


@dataclass
class Annotations:
    """Every report's marks (ReportMarks), keywords and word counts. What a page shows of
    the marks is taken from each report's ReportMarks when the page is made, so that a
    rebuild that keeps most pages never reads most reports' marks."""
    marked: dict[str, tuple[Report, ReportMarks]] = field(default_factory=dict)  # report id -> marks
    term_counts: dict[str, Counter] = field(default_factory=dict)  # report id -> slug counts
    keywords: dict[str, list[str]] = field(default_factory=dict)  # report id
    word_counts: WordCounts = field(default_factory=WordCounts)
    keyword_state: KeywordState | None = None  # what the keywords were computed from
    # The marks of the last report asked for: a page asks paragraph by
    # paragraph, and holding them for every report would hold the corpus's marks.
    _paragraphs: tuple[str, dict[str, tuple[tuple, ...]]] = field(default=("", {}), repr=False)
    # slug -> the reports using the term, in the order of term_counts: made once all are added.
    _readers: dict[str, list[str]] | None = field(default=None, repr=False)

    def add(self, report: Report, notes: ReportMarks) -> None:
        self.marked[report.id] = (report, notes)
        self.term_counts[report.id] = Counter(dict(notes.term_counts))
        self._readers = None

    def marks_of(self, report: Report, paragraph: Paragraph) -> tuple[tuple, ...]:
        """The marks of a paragraph, each the tuple of a Mark's fields (as ReportMarks keeps them)."""
        if self._paragraphs[0] != report.id:
            self._paragraphs = (report.id, dict(self.marked[report.id][1].paragraphs))
        return self._paragraphs[1].get(paragraph.anchor, ())

    def digest(self, report: Report) -> str:
        """A fingerprint of everything annotated on one report's page."""
        return self.marked[report.id][1].digest

    def term_sources(self) -> dict[str, str]:
        """{slug: a fingerprint of the term's occurrences in every report, report by report
        in the order of their ids}: what a term's page is made from, so that an edit
        elsewhere in a report keeps the page. One pass over the reports, whatever the number
        of terms."""
        digests: dict[str, object] = {}
        for report_id in sorted(self.marked):
            for slug, occurrences in self.marked[report_id][1].term_digests:
                if (term := digests.get(slug)) is None:
                    term = digests[slug] = running_digest()
                term.update(f"{report_id}\0{occurrences}\0".encode())
        return {slug: digest.hexdigest() for slug, digest in digests.items()}

    def reports_using(self, slug: str) -> list[str]:
        if self._readers is None:  # one pass over the reports for every term, not one a term
            self._readers = {}
            for report_id, counts in self.term_counts.items():
                for term in counts:
                    self._readers.setdefault(term, []).append(report_id)
        return list(self._readers.get(slug, ()))

    def occurrences(self, slug: str, limit: int) -> list[Occurrence]:
        """A term's occurrences in context, report by report in the site's order, from the
        newest reports until `limit` (a report's occurrences are read from disk: a term found in
        every report of a large corpus reads a few of them, not all)."""
        return self.occurrences_of([slug], limit)[slug]

    def occurrences_of(self, slugs: list[str], limit: int) -> dict[str, list[Occurrence]]:
        """occurrences() of each of many terms, every report's occurrences read once for all."""
        wanted: dict[str, set[str]] = {}  # report id -> the terms whose occurrences are taken from it
        for slug in slugs:
            newest = sorted(self.reports_using(slug), key=lambda report_id: -(self.marked[report_id][0].meta.year or 0))
            total = 0
            for report_id in newest:
                if total >= limit:
                    break
                wanted.setdefault(report_id, set()).add(slug)
                total += self.term_counts[report_id][slug]
        found: dict[str, list[Occurrence]] = {slug: [] for slug in slugs}
        for report_id in (r for r in self.term_counts if r in wanted):
            report, notes = self.marked[report_id]
            terms_here = wanted[report_id]
            for term, *rest in notes.occurrences:
                if term in terms_here:
                    found[term].append(Occurrence(report, *rest))
        return found


class RegionMatcher:
    """Mentions of the regions that have pages. Short forms (宁波 for 宁波市) are taken for
    provinces and prefectures only: county short forms are too often ordinary words."""

    def __init__(self, site: Site):
        forms: dict[str, str] = {}
        shorts = Counter(short_name(n) for n in site.regions)
        for name, region in site.regions.items():
            if region.anonymized or region.level == "national":
                continue
            forms[name] = name
            short = short_name(name)
            if (short and len(short) >= 2 and shorts[short] == 1
                    and region.level in ("province", "prefecture")):
                forms.setdefault(short, name)
        self.by_form = forms
        self.names = NameFinder(forms)

    def find(self, folded: str, own: str | None) -> list[Mark]:
        return self.find_all([folded], own)[0]

    def find_all(self, texts: list[str], own: str | None) -> list[list[Mark]]:
        """find() of each text, all found at once (NameFinder.find_all)."""
        return [[Mark(start, start + len(form), "region", self.by_form[form])
                 for start, form in found if self.by_form[form] != own]
                for found in self.names.find_all(texts)]


# A rank or an ordinal is no quantity: 居全国第12位, 第3名, 前10名, 上升[3位]; in these
# reports 位 counts places, not people (人, 名)
RANK_BEFORE = ("第",)


def is_rank(folded: str, match: re.Match) -> bool:
    before = folded[match.start() - 1] if match.start() else ""
    figure = match.group(0)
    return before in RANK_BEFORE or figure.endswith("位") or (figure.endswith("名") and before in "前后")


def number_marks(folded: str, role: str, ledger: tuple[str, ...] = ()) -> list[Mark]:
    """The figures of a paragraph, each with the role of its sentence; a figure the ledger took
    from the paragraph (a target's or an outcome's: `ledger`, their texts) has ref "ledger",
    and stays marked when a reader turns the other numbers off. Figures are found in the whole
    paragraph at once: one never holds a sentence's end, and the role of a sentence without
    figures is never asked (most are)."""
    marks: list[Mark] = []
    sentences = SENTENCE.finditer(folded)
    sentence, own_role = None, role
    for m in QUANTITY.finditer(folded):
        if is_rank(folded, m):
            continue
        if sentence is None or sentence.end() <= m.start():
            sentence = next(s for s in sentences if s.end() > m.start())
            own_role = sentence_role(sentence.group(0), role)
        in_ledger = any(m.group(0) in text for text in ledger)
        marks.append(Mark(m.start(), m.end(), "number", "ledger" if in_ledger else "", own_role))
    return marks


def ledger_texts(report: Report) -> dict[str, tuple[str, ...]]:
    """The texts of a report's targets and outcomes, by the anchor of their paragraph."""
    found: dict[str, tuple[str, ...]] = {}
    for figure in (*report.targets, *report.outcomes):
        found[figure.anchor] = found.get(figure.anchor, ()) + (figure.text,)
    return found


def keyword_pattern(keywords: list[str]) -> re.Pattern | None:
    """One pattern per report for its keywords, longest first."""
    if not keywords:
        return None
    return re.compile("|".join(map(re.escape, sorted(keywords, key=lambda k: (-len(k), k)))))


def keyword_marks(folded: str, pattern: re.Pattern | None) -> list[Mark]:
    if pattern is None:
        return []
    return [Mark(m.start(), m.end(), "keyword", m.group(0)) for m in pattern.finditer(folded)]


def resolve(candidates: list[Mark]) -> list[Mark]:
    """Non-overlapping marks, higher kinds first (a term over the number inside it); empty
    ones dropped. The characters already marked are flagged, so that a paragraph of any
    length costs time in proportion to its marks, not their square."""
    candidates = [m for m in candidates if m.end > m.start]
    if not candidates:
        return []
    marked = bytearray(max(m.end for m in candidates))
    taken: list[Mark] = []
    for mark in sorted(candidates, key=lambda m: (PRIORITY[m.kind], m.start, -m.end)):
        if marked.find(1, mark.start, mark.end) == -1:
            marked[mark.start:mark.end] = b"\x01" * (mark.end - mark.start)
            taken.append(mark)
    return sorted(taken, key=lambda m: m.start)


def paragraphs_with_roles(report: Report):
    """(text, role, anchor) of every paragraph: what is marked (headings are not)."""
    return texts_with_roles(report.outline, report.meta.year, headings=False)


def glossary_words(glossary: Glossary) -> tuple[str, ...]:
    """The glossary's forms, which jieba must keep as words."""
    return tuple(sorted(glossary.by_form))


def report_words(report: Report, extra_words: tuple[str, ...]) -> Counter[str]:
    """jieba's words of a report's paragraphs: the slow part of annotating, done per file."""
    return words([text for text, _, _ in paragraphs_with_roles(report)], extra_words)


def excluded_words(gazetteer: Gazetteer) -> frozenset[str]:
    """Region names: no keywords (that 宁波 is distinctive of 宁波's report says nothing)."""
    return frozenset(gazetteer.by_full) | frozenset(gazetteer.by_short)


def count_words(site: Site, gazetteer: Gazetteer, glossary: Glossary) -> WordCounts:
    """Every report's words, cut here."""
    counts = WordCounts(excluded=excluded_words(gazetteer))
    forms = glossary_words(glossary)
    for report in site.reports:
        counts.add(report.id, report_words(report, forms))
    return counts


@dataclass(frozen=True)
class ReportMarks(KeepsPickled):
    """What annotating one report gives, whatever the rest of the corpus: kept per report."""
    # (anchor, marks) of the paragraphs with marks, each mark the tuple of its fields: the cache
    # loads plain tuples about fifteen times faster than as many dataclasses.
    paragraphs: tuple[tuple[str, tuple[tuple, ...]], ...] = PickledLater()
    term_counts: tuple[tuple[str, int], ...]  # (slug, count), sorted
    occurrences: tuple[tuple[str, str, str, str, str], ...] = PickledLater()  # (slug, anchor, before, match, after)
    digest: str  # of all the above and the keywords
    term_digests: tuple[tuple[str, str], ...] = ()  # (slug, fingerprint of its occurrences here)
    characters: int = 0  # of its text (text_characters): what a term's rate is of


class Marker:
    """Marks one report's paragraphs, given its keywords: the glossary and the regions that
    have pages are the same for every report. A picklable callable, for worker processes."""

    def __init__(self, site: Site, glossary: Glossary):
        self.glossary = glossary
        self.regions = RegionMatcher(site)
        self.fingerprint = fingerprint(glossary.terms, sorted(self.regions.by_form.items()))

    def __call__(self, job: tuple[Report, tuple[str, ...]]) -> ReportMarks:
        report, keywords = job
        own = report.meta.region.name if report.meta.region else None
        with_numbers = report.meta.is_report
        keywords_found = keyword_pattern(list(keywords))
        paragraphs, occurrences, counts = [], [], Counter()
        texts = list(paragraphs_with_roles(report))
        all_folded = fold_aligned_all([text for text, _, _ in texts])
        ledger = ledger_texts(report)
        for (text, role, anchor), folded, regions in zip(texts, all_folded, self.regions.find_all(all_folded, own)):
            candidates = [Mark(s, e, "term", term.slug) for s, e, term in self.glossary.find(folded)]
            candidates += regions
            if with_numbers:
                candidates += number_marks(folded, role, ledger.get(anchor, ()))
            candidates += keyword_marks(folded, keywords_found)
            marks = resolve(candidates)
            if not marks:
                continue
            paragraphs.append((anchor, tuple((m.start, m.end, m.kind, m.ref, m.role) for m in marks)))
            for m in marks:
                if m.kind == "term":
                    counts[m.ref] += 1
                    occurrences.append((m.ref, anchor, text[max(0, m.start - CONTEXT):m.start],
                                        text[m.start:m.end], text[m.end:m.end + CONTEXT]))
        # A term in a heading counts too, as search counts it there (its page shows the paragraphs')
        headings = [s.heading for part in (report.outline.sections, report.outline.appendix) for s in iter_sections(part)]
        for folded in fold_aligned_all(headings):
            counts.update(term.slug for _, _, term in self.glossary.find(folded))
        term_counts = tuple(sorted(counts.items()))
        by_term: dict[str, list[tuple]] = {}
        for occurrence in occurrences:
            by_term.setdefault(occurrence[0], []).append(occurrence)
        term_digests = tuple((slug, fingerprint(by_term.get(slug, []))) for slug, _ in term_counts)
        return ReportMarks(tuple(paragraphs), term_counts, tuple(occurrences),
                           fingerprint(keywords, term_counts, paragraphs), term_digests, text_characters(report.outline))


MarkAll = Callable[[Marker, list[tuple[Report, tuple[str, ...]]]], Iterable[ReportMarks]]
Each = Callable[[Report, Annotations], None]


def annotate_site(site: Site, glossary: Glossary, gazetteer: Gazetteer,
                  word_counts: WordCounts | None = None, mark_all: MarkAll | None = None,
                  keywords_before: KeywordState | None = None, word_keys: dict[str, object] | None = None,
                  each: Each | None = None) -> Annotations:
    """Marks of every paragraph; `word_counts` (every report's words) when already known;
    `mark_all(marker, jobs)` may map the marker over (report, keywords) elsewhere or reuse
    earlier results (by default: here, one by one), giving them in the order of the jobs, as
    each is ready; `each(report, annotations)` is told of every report as soon as its marks
    are in. With `keywords_before` (the last build's keyword_state) and `word_keys` (report
    id -> a key of what its words were cut from), keywords whose scores cannot have changed
    are kept."""
    if word_counts is None:
        word_counts = count_words(site, gazetteer, glossary)
    result = Annotations(word_counts=word_counts)
    result.keywords, result.keyword_state = result.word_counts.all_keywords(
        word_keys or {r.id: r.id for r in site.reports}, keywords_before if word_keys else None)
    jobs = [(report, tuple(result.keywords[report.id])) for report in site.reports]
    marker = Marker(site, glossary)
    marked = (mark_all or (lambda function, items: map(function, items)))(marker, jobs)
    for report, notes in zip(site.reports, marked, strict=True):  # strict: mark_all runs to its end
        result.add(report, notes)
        if each is not None:
            each(report, result)
    return result
