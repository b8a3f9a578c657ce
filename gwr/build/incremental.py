"""Which pages a build keeps: what each page is made from, as fingerprints, against what the
last build made of the same inputs."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar

from gwr.build import heap
from gwr.build.memo import Memo
from gwr.digest import digest, fingerprint
from gwr.model import Beside, Kept, Report, as_bytes

T = TypeVar("T")


@dataclass
class PageKeys:
    """What pages are made from, as fingerprints, so that a rebuild reuses every page whose
    inputs did not change. `site` covers the templates, site_src and the site's structure
    (ids, titles, places, years); `reports` each report's content and annotations; `listings`
    what a page listing reports shows of each (its metadata, targets and outcomes). The memo
    keeps the digest each set of inputs gave; where `previous` (the output as it is now)
    holds a page of that digest, the page is kept, not rendered."""
    memo: Memo = field(default_factory=lambda: Memo(enabled=False))
    site: str = ""
    reports: dict[str, str] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)
    listings: dict[str, str] = field(default_factory=dict)

    def rendered(self, path: str, shows: Iterable[Report], render: Callable[[], str | bytes], also: tuple = (),
                 lists: Iterable[Report] = ()) -> bytes | Kept:
        """The page at path, rendered (as the bytes to write) unless the previous output
        holds a page of the same inputs: the reports it `shows` whole, those it `lists`, and
        `also`, whatever else it is made from."""
        key = (path, self.site, tuple(self.reports.get(r.id, r.id) for r in shows),
               fingerprint([self.listings.get(r.id, r.id) for r in lists]), also)
        known = self.memo.lookup("page", key)
        if known is not None and self.previous.get(path) == known:
            return Kept(known)
        data = as_bytes(render())
        self.memo.store_many("page", {key: digest(data)})
        return data

    def pieces(self, kind: str, reports: Iterable[Report], make: Callable[[Report], T], also: tuple = (),
               beside: Beside | None = None) -> Iterator[T]:
        """The parts of a data file each made from one report (its content and annotations)
        alone, in order, kept from the last build when those are the same: looked up a few
        hundred at a time, made as they come. `beside`: the pieces of another data file of
        the same reports, asked for next, made with these (a report's text read once) and
        kept for that call."""
        remaining = iter(reports)
        release_now_and_then = heap.Every(BATCHES_BETWEEN_RELEASES)
        while batch := list(itertools.islice(remaining, PIECES_PER_LOOKUP)):
            release_now_and_then()
            keys = [(report.id, self.reports.get(report.id, report.id), also) for report in batch]
            found, _ = self.memo.split(kind, keys)
            missing = [(report, key) for report, key in zip(batch, keys) if key not in found]
            beside_keys = self.beside_keys(beside, [report for report, _ in missing]) if beside else {}
            made, made_beside = {}, {}
            for report, key in missing:  # each report's pieces one after the other: its text read once
                if report.id in beside_keys:
                    made_beside[beside_keys[report.id]] = beside.make(report)
                made[key] = make(report)
            if beside:
                self.memo.store_many(beside.kind, made_beside)
            found.update(made)
            yield from (found[key] for key in keys)
            self.memo.store_many(kind, made)

    def beside_keys(self, beside: Beside, reports: list[Report]) -> dict[str, tuple]:
        """The keys of the pieces of `beside` for these reports that are not kept, by report id."""
        keys = {report.id: (report.id, self.reports.get(report.id, report.id), beside.also) for report in reports}
        held = self.memo.held(beside.kind, keys.values())
        return {report_id: key for report_id, key in keys.items() if key not in held}


PIECES_PER_LOOKUP = 256
# A data file's pieces are large (a report's whole text): the heap's free pages are given
# back every few batches, or the build's resident size grows by a gigabyte at 20,000 reports.
BATCHES_BETWEEN_RELEASES = 4
