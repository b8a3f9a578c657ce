"""The large parts of a build's records kept on disk, not in memory, while the build runs.

A build needs every report's metadata at once (links, lists, the search plan) but the text of
one report at a time: a source file's lines, a report's outline, its marks. Those fields are
PickledLater fields (model.py); `SpillStore.hold` writes their pickled bytes to a SQLite file
(the build cache's, or a temporary one) and leaves a `Spilled` reference in their place, which
the field reads back when a page, a search text or a worker asks for it. So the build's memory
follows the work in flight, not the size of the corpus, and a record sent to a worker process
carries a reference of a few bytes rather than its text.

A reference names the file and the digest of the bytes: the same bytes are stored once, and a
worker process reads them through a connection of its own.
"""
from __future__ import annotations

import functools
import pickle
import sqlite3
from dataclasses import dataclass
from typing import Iterable

from gwr.build.cache import DiskCache
from gwr.digest import digest
from gwr.model import KeepsPickled, Pickled, PickledLater, Stored

KIND = "spill"
RECENT = 24  # values read back and kept, per process: the few a page or a job reads several times


@dataclass(frozen=True)
class Spilled(Stored):
    path: str  # the SQLite file
    key: str  # digest of the pickled bytes

    def load(self):
        return load(self)

    @property
    def content_key(self) -> str:
        return self.key


class SpillStore:
    """Writes the PickledLater fields of records to `disk` (kind "spill") and marks them kept
    by this build, so that the cache's sweep leaves them for the records that name them."""

    def __init__(self, disk: DiskCache):
        if disk.path is None or not disk.enabled:
            raise ValueError("a spill store needs a cache file")
        self.disk = disk
        self.path = str(disk.path)

    def hold(self, record: KeepsPickled) -> None:
        """Every PickledLater field of `record` spilled (written once) or, when it is spilled
        already (a record from the cache or from an earlier build), kept and pointed at this
        store's file."""
        self.hold_all([record])

    def hold_all(self, records: Iterable[KeepsPickled]) -> None:
        """hold() each record, all written in one transaction."""
        fresh: dict[str, bytes] = {}
        for record in records:
            for field in PickledLater.fields_of(type(record)):
                value = record.__dict__[field.slot]
                if type(value) is Spilled:
                    record.__dict__[field.slot] = self.keep(value)
                    continue
                data = value.data if type(value) is Pickled else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                record.__dict__[field.slot] = self.reference(data, fresh)
        self.disk.put_blobs(KIND, fresh)

    def put_all(self, values: list) -> list[Spilled]:
        """Values of their own, stored (in one transaction); their references."""
        fresh: dict[str, bytes] = {}
        refs = [self.reference(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), fresh) for value in values]
        self.disk.put_blobs(KIND, fresh)
        return refs

    def reference(self, data: bytes, fresh: dict[str, bytes]) -> Spilled:
        """The reference to pickled bytes, added to `fresh` (what is to be written)."""
        key = digest(data)
        fresh[key] = data
        return Spilled(self.path, key)

    def keep(self, ref: Spilled) -> Spilled:
        """A reference of an earlier build, kept by this one: pointed at this store's file."""
        self.disk.keep(KIND, ref.key)
        return ref if ref.path == self.path else Spilled(self.path, ref.key)


@functools.lru_cache(maxsize=4)
def _connection(path: str) -> sqlite3.Connection:
    # Read-only, one per process and file: workers read what the build process wrote.
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def load(ref: Spilled):
    """The value a reference names."""
    return _value(ref.path, ref.key)


@functools.lru_cache(maxsize=RECENT)  # a page reads one report's outline many times: from disk once
def _value(path: str, key: str):
    try:
        row = _connection(path).execute("SELECT value FROM entry WHERE kind = ? AND key = ?", (KIND, key)).fetchone()
    except sqlite3.Error as err:  # the file is gone: as if the value were
        raise LookupError(f"{path}: {err}") from err
    if row is None:
        raise LookupError(f"{path} holds no spilled value {key}")
    return pickle.loads(row[0])
