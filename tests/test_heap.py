"""The build gives freed memory back to the system (gwr.build.heap)."""
import random

from gwr.build import heap


def resident_mib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) // 1024


def test_release_gives_back_the_pages_of_what_was_freed():
    rng = random.Random(5)
    kept, freed = [], []
    for i in range(300_000):  # texts of 0.5–2 KB, as pages and paragraphs are: from malloc, not pymalloc
        (kept if i % 8 == 0 else freed).append("字" * rng.randint(200, 700))
    del freed
    before = resident_mib()
    heap.release()
    assert before - resident_mib() > 60  # of some 230 MiB freed, scattered among what is kept (about 100 here)
    assert len(kept) == 37_500


def test_every_releases_once_in_so_many_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(heap, "release", lambda: calls.append(1))
    every = heap.Every(3)
    for _ in range(7):
        every()
    assert len(calls) == 2
