"""Work kept between builds of one process, so that a rebuild redoes only what changed.

A result is stored under a key that names everything it was computed from (a fingerprint of
the inputs); the same key later gives the stored result. Entries a build did not ask for are
dropped at the end of that build, so memory follows the current corpus, not its history.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Callable, TypeVar

T = TypeVar("T")


def fingerprint(*parts) -> str:
    """A short digest of values whose repr is deterministic (str, numbers, tuples, dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


class Memo:
    """Keys are tuples whose first item names the kind of work ("parse", "page" …)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._entries: dict[tuple, object] = {}
        self._used: set[tuple] = set()
        self.computed: Counter[str] = Counter()  # kind -> results computed since the last sweep

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        if not self.enabled:
            return compute()
        self._used.add(key)
        if key not in self._entries:
            self.computed[key[0]] += 1
            self._entries[key] = compute()
        return self._entries[key]  # type: ignore[return-value]

    def sweep(self) -> Counter[str]:
        """Forget what the last build did not use; returns what it computed, by kind."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        computed, self._used, self.computed = self.computed, set(), Counter()
        return computed
