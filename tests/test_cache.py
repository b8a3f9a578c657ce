"""The build cache: values come back in a later run, unused ones are swept, and a rebuild
from another thread (the preview's watcher) can use the cache opened by the first build."""
import threading

from gwr.build.cache import DiskCache


def test_values_survive_a_new_cache_and_unused_ones_are_swept(tmp_path):
    path = tmp_path / "c" / "build.sqlite"
    cache = DiskCache(path, "v1")
    cache.put_many("parse", {"a": [1, 2], "b": "x"})
    cache.sweep()
    cache.close()
    again = DiskCache(path, "v1")
    assert again.get("parse", "a") == [1, 2]
    again.sweep()  # "b" was not asked for
    assert again.get("parse", "b") is None
    assert DiskCache(path, "v2").get("parse", "a") is None  # other code: empty


def test_a_rebuild_in_another_thread_writes_to_the_cache(tmp_path):
    cache = DiskCache(tmp_path / "build.sqlite", "v1")
    worker = threading.Thread(target=lambda: (cache.put_many("parse", {"k": 1}), cache.sweep()))
    worker.start()
    worker.join()
    assert cache.get("parse", "k") == 1


def test_a_kind_read_at_once_is_found_as_stored_and_swept_as_if_asked_one_by_one(tmp_path):
    path = tmp_path / "build.sqlite"
    cache = DiskCache(path, "v1")
    cache.put_many("page", {"a": "digest-a", "b": "digest-b", "c": "digest-c"})
    cache.put_many("parse", {"a": "parsed"})
    cache.sweep()
    cache.preload("page")
    cache.put_many("page", {"d": "digest-d"})  # written after: found too
    assert cache.get_many("page", ["a", "d", "x"]) == {"a": "digest-a", "d": "digest-d"}
    assert cache.get_many("parse", ["a"]) == {"a": "parsed"}  # other kinds read as before
    cache.sweep()  # b and c were read with the kind, never asked for
    assert cache.get_many("page", ["a", "b", "c", "d"]) == {"a": "digest-a", "d": "digest-d"}
