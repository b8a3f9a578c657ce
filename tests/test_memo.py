from gwr.build.cache import DiskCache
from gwr.build.memo import Memo
from gwr.digest import fingerprint


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
