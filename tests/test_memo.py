from types import SimpleNamespace

from gwr.build.cache import DiskCache
from gwr.build.incremental import PIECES_PER_LOOKUP, PageKeys
from gwr.build.memo import Memo
from gwr.digest import fingerprint
from gwr.model import Beside


def test_a_result_is_computed_once_per_key_and_forgotten_when_unused():
    memo = Memo()
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert memo.get(("page", "a"), compute) == 1
    assert memo.get(("page", "a"), compute) == 1
    assert memo.get(("parse", "b"), compute) == 2
    assert memo.sweep() == {"page": 1, "parse": 1}
    assert memo.get(("page", "a"), compute) == 1  # kept: used by the last build
    assert memo.sweep() == {}
    assert memo.sweep() == {}
    assert memo.get(("parse", "b"), compute) == 3  # dropped: the build before did not use it


def test_a_disabled_memo_always_computes():
    memo = Memo(enabled=False)
    assert [memo.get(("x",), lambda n=n: n) for n in range(3)] == [0, 1, 2]


def test_fingerprints_follow_the_values():
    assert fingerprint("a", (1, 2)) == fingerprint("a", (1, 2))
    assert fingerprint("a", (1, 2)) != fingerprint("a", (2, 1))
    assert len(fingerprint("x")) == 24


def test_what_a_resident_memo_finds_in_memory_stays_in_the_disk_cache(tmp_path):
    memo = Memo(disk=DiskCache(tmp_path / "cache.sqlite", "v1"), persistent={"parse"})
    assert memo.get(("parse", "a"), lambda: "parsed") == "parsed"
    memo.sweep()
    assert memo.get(("parse", "a"), lambda: "again") == "parsed"  # from memory
    memo.sweep()
    fresh = Memo(disk=DiskCache(tmp_path / "cache.sqlite", "v1"), persistent={"parse"})
    assert fresh.get(("parse", "a"), lambda: "again") == "parsed"  # the next run of build.py


def test_data_file_pieces_are_made_once_and_kept_in_order_across_lookups():
    reports = [SimpleNamespace(id=f"r{n}") for n in range(PIECES_PER_LOOKUP * 2 + 3)]
    keys = PageKeys(Memo(), reports={r.id: f"digest-{r.id}" for r in reports})
    made = []

    def make(report):
        made.append(report.id)
        return f"<{report.id}>"

    first = list(keys.pieces("rows", reports, make))
    assert first == [f"<{r.id}>" for r in reports] and len(made) == len(reports)
    keys.reports["r7"] = "digest-changed"
    assert list(keys.pieces("rows", reports, make)) == first
    assert made[len(reports):] == ["r7"]  # only the piece whose report changed is made again


def test_pieces_made_beside_others_are_made_with_them_and_not_again(tmp_path):
    reports = [SimpleNamespace(id=f"r{n}") for n in range(PIECES_PER_LOOKUP + 5)]
    memo = Memo(disk=DiskCache(tmp_path / "cache.sqlite", "v1"), persistent={"json", "rows"}, resident=False)
    keys = PageKeys(memo, reports={r.id: f"digest-{r.id}" for r in reports})
    made = []

    def maker(kind):
        return lambda report: made.append((kind, report.id)) or f"{kind}:{report.id}"

    rows = Beside("rows", maker("rows"))
    assert list(keys.pieces("json", reports, maker("json"), beside=rows)) == [f"json:{r.id}" for r in reports]
    # Each report's row is made right before its JSON (its text read once for both)...
    assert made == [(kind, r.id) for r in reports for kind in ("rows", "json")]
    # ...and the rows' own pass makes none.
    assert list(keys.pieces("rows", reports, rows.make)) == [f"rows:{r.id}" for r in reports]
    assert len(made) == 2 * len(reports)
    memo.sweep()
    keys.reports["r3"] = "digest-changed"
    made.clear()
    list(keys.pieces("json", reports, maker("json"), ("another base",), beside=rows))
    assert sorted(made) == sorted([("json", r.id) for r in reports] + [("rows", "r3")])  # rows kept are not made again


def test_a_bounded_kind_is_held_in_memory_up_to_its_budget_and_kept_on_disk_beyond(tmp_path):
    """The preview's builder holds a data file's pieces while they are few; beyond that, on disk alone."""
    memo = Memo(disk=DiskCache(tmp_path / "cache.sqlite"), persistent={"rows", "page"}, bounded={"rows"}, budget=10)
    memo.store_many("rows", {("a",): b"1234", ("b",): b"5678", ("c",): b"9012"})
    memo.store_many("page", {("p",): "x" * 100})  # not bounded: held whatever its size
    assert sorted(key for key in memo._entries if key[0] == "rows") == [("rows", "a"), ("rows", "b")]
    assert ("page", "p") in memo._entries
    assert memo.split("rows", [("a",), ("b",), ("c",)]) == ({("a",): b"1234", ("b",): b"5678", ("c",): b"9012"}, [])
    memo.sweep()
    assert memo.split("rows", [("c",)]) == ({("c",): b"9012"}, [])  # read from disk, still not held
    assert ("rows", "c") not in memo._entries
    without_disk = Memo(persistent={"rows"}, bounded={"rows"}, budget=10)  # nowhere else to keep them: held
    without_disk.store_many("rows", {("a",): b"1234", ("b",): b"5678", ("c",): b"9012"})
    assert len(without_disk._entries) == 3
