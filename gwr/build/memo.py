"""Work kept between builds of one process, so that a rebuild redoes only what changed.

A result is stored under a key that names everything it was computed from (a fingerprint of
the inputs); the same key later gives the stored result. Entries a build did not ask for are
dropped at the end of that build, so memory follows the current corpus, not its history.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, TypeVar

from gwr.build.cache import DiskCache
from gwr.digest import fingerprint

T = TypeVar("T")


class Memo:
    """Keys are tuples whose first item names the kind of work ("parse", "page" …).

    Kinds named in `persistent` are also looked up in, and stored to, a DiskCache, so that
    the next run of build.py finds them too.
    """

    def __init__(self, enabled: bool = True, disk: DiskCache | None = None, persistent: Iterable[str] = (),
                 resident: bool = True, bounded: Iterable[str] = (), budget: int = 256 * 2**20):
        self.enabled = enabled
        # Keep values in memory for the next build of this process; a one-off build only
        # looks them up and stores them on disk, so that memory holds no more than the build uses.
        self.resident = resident
        self.disk = disk if disk is not None else DiskCache(None)
        self.persistent = frozenset(persistent)
        # Kinds whose values (bytes) add up to the corpus's size, a data file's pieces: held
        # in memory while they take less than `budget` bytes in all, the rest kept on disk
        # alone (when there is a disk), so that a process that builds again and again (the
        # preview) holds as much of them at 20,000 reports as at 4,000.
        self.bounded = frozenset(bounded) & self.persistent if self.disk.enabled else frozenset()
        self.budget = budget
        self._bounded_bytes = 0
        self._entries: dict[tuple, object] = {}
        self._disk_keys: dict[tuple, str] = {}  # of entries in memory: their key in the DiskCache, made once
        self._used: set[tuple] = set()
        self.computed: Counter[str] = Counter()  # kind -> results computed since the last sweep

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        return self.get_many(key[0], [key[1:]], lambda missing: {k: compute() for k in missing})[key[1:]]

    def get_many(self, kind: str, keys: Iterable[tuple], compute: Callable[[list[tuple]], dict[tuple, T]]) -> dict[tuple, T]:
        """Values of many keys of one kind; `compute` gets the keys found neither in memory
        nor on disk, all at once (so that it can spread them over processes)."""
        keys = list(keys)
        if not self.enabled:
            return compute(keys)
        found, missing = self.split(kind, keys)
        if missing:
            computed = compute(missing)
            for key in missing:
                found[key] = computed[key]
            self.store_many(kind, {key: computed[key] for key in missing})
        return found

    def split(self, kind: str, keys: Iterable[tuple]) -> tuple[dict[tuple, object], list[tuple]]:
        """({key: value kept} for the keys found, [the other keys, once each])."""
        keys = list(dict.fromkeys(keys))
        if not self.enabled:
            return {}, keys
        found: dict[tuple, object] = {}
        on_disk: dict[str, tuple] = {}
        for key in keys:
            self._used.add((kind, *key))
            if (kind, *key) in self._entries:
                found[key] = self._entries[(kind, *key)]
                if kind in self.persistent:  # found here, but the cache's copy is in use too
                    self.disk.keep(kind, self._disk_key(kind, key))
            elif kind in self.persistent:
                on_disk[fingerprint(*key)] = key
        for stored, value in self.disk.get_many(kind, list(on_disk)).items():
            found[on_disk[stored]] = value
            if self._holds(kind, value):
                self._entries[(kind, *on_disk[stored])] = value
                self._disk_keys[(kind, *on_disk[stored])] = stored
        return {key: found[key] for key in keys if key in found}, [key for key in keys if key not in found]

    def lookup(self, kind: str, key: tuple):
        """The value kept for key, from memory or disk, or None."""
        entry = (kind, *key)
        if self.enabled and entry in self._entries:  # split() for one key found here: every page of a rebuild
            self._used.add(entry)
            if kind in self.persistent:
                self.disk.keep(kind, self._disk_key(kind, key))
            return self._entries[entry]
        return self.split(kind, [key])[0].get(key)

    def preload(self, kind: str) -> None:
        """The cache's entries of a kind read in one query (DiskCache.preload), unless this
        memo holds that kind in memory already: a resident builder's rebuild finds them here."""
        if self.enabled and kind in self.persistent and not any(entry[0] == kind for entry in self._entries):
            self.disk.preload(kind)

    def held(self, kind: str, keys: Iterable[tuple]) -> set[tuple]:
        """Those of keys kept in memory or on disk, found without loading them."""
        if not self.enabled:
            return set()
        keys = list(keys)
        on_disk = self.disk.holds(kind, {fingerprint(*key): key for key in keys if (kind, *key) not in self._entries}) \
            if kind in self.persistent else set()
        return {key for key in keys if (kind, *key) in self._entries} | on_disk

    def keep(self, kind: str, keys: Iterable[tuple]) -> None:
        """Keep these entries for the next build, as if this one had looked them up."""
        if not self.enabled:
            return
        for key in keys:
            self._used.add((kind, *key))
            if kind in self.persistent:
                self.disk.keep(kind, self._disk_key(kind, key))

    def _disk_key(self, kind: str, key: tuple) -> str:
        return self._disk_keys.get((kind, *key)) or fingerprint(*key)

    def store_many(self, kind: str, values: dict[tuple, object], count: bool = True) -> None:
        """Keep values just computed (and, with `count`, count them as work done)."""
        if not values:
            return
        if count:
            self.computed[kind] += len(values)
        if not self.enabled:
            return
        held = set()
        for key, value in values.items():
            self._used.add((kind, *key))
            if self._holds(kind, value):
                self._entries[(kind, *key)] = value
                held.add(key)
        if kind in self.persistent:
            stored = {key: fingerprint(*key) for key in values}
            self._disk_keys.update(((kind, *key), name) for key, name in stored.items() if key in held)
            self.disk.put_many(kind, {stored[key]: value for key, value in values.items()})

    def _holds(self, kind: str, value) -> bool:
        """Whether to hold this value in memory (and count it against the budget)."""
        if not self.resident:
            return False
        if kind not in self.bounded:
            return True
        if self._bounded_bytes + len(value) > self.budget:
            return False
        self._bounded_bytes += len(value)
        return True

    def count(self, kind: str, done: int) -> None:
        """Count work done whose results are kept some other way."""
        if done:
            self.computed[kind] += done

    def sweep(self) -> Counter[str]:
        """Forget what the last build did not use; returns what it computed, by kind."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._disk_keys = {k: v for k, v in self._disk_keys.items() if k in self._entries}
        self._bounded_bytes = sum(len(v) for k, v in self._entries.items() if k[0] in self.bounded)
        self.disk.sweep()
        computed, self._used, self.computed = self.computed, set(), Counter()
        return computed
