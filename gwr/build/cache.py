"""Per-file work kept between runs of build.py, so that a rebuild redoes only what changed.

One SQLite file holds pickled results by kind and key. A key is a fingerprint of everything
the result was computed from (a file's bytes, the glossary, the search settings); the code is
not part of each key but of the whole cache: when any module of the package, or a library
that shapes results, is not what filled the cache, the cache starts empty. Entries a build did
not use are dropped when it finishes, so the file follows the corpus, not its history.

The cache is an optimisation only: a cache that cannot be opened or read is reported once and
the build goes on without it.
"""
from __future__ import annotations

import logging
import pickle
import sqlite3
from importlib import metadata
from pathlib import Path

from gwr.digest import running_digest

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # gwr/
# Libraries whose output ends up in cached results.
SHAPING_LIBRARIES = ("rjieba", "lunr", "opencc", "cn2an", "pypinyin", "charset-normalizer")


def code_version() -> str:
    """A digest of the package's own code and the versions of the libraries it leans on."""
    digest = running_digest(12)
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for name in SHAPING_LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


class DiskCache:
    """get/put by (kind, key); `sweep()` keeps only what this run used."""

    def __init__(self, path: Path | None, version: str | None = None):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._used: set[tuple[str, str]] = set()
        self._preloaded: dict[str, dict[str, bytes]] = {}  # kind -> key -> pickled value (preload)
        self.hits = self.misses = 0
        if path is not None:
            self._open(path, version or code_version())

    def _open(self, path: Path, version: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The preview builds in its watcher thread; builds never overlap, so one connection serves them.
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # A commit is not forced to the disk (a build commits thousands: seconds of fsync on
            # some disks); after a crash the cache is whole but may lack its last entries,
            # which the next build computes again.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS entry (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))")
            row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
            if row is None or row[0] != version:
                db.execute("DELETE FROM entry")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
            self._db = db
        except sqlite3.Error as err:
            log.warning("build cache %s cannot be used (%s); building without it", path, err)
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, kind: str, key: str):
        """The stored value, or None."""
        if self._db is None:
            return None
        self._used.add((kind, key))
        try:
            row = self._db.execute("SELECT value FROM entry WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            value = pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
            log.warning("build cache entry %s/%s is unreadable (%s); computing it again", kind, key, err)
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def holds(self, kind: str, keys: dict[str, object]) -> set:
        """The values of `keys` ({stored key: name}) whose entries are stored, unread."""
        if self._db is None or not keys:
            return set()
        asked, stored = list(keys), set()
        try:
            for start in range(0, len(asked), 500):  # the keys asked for: not every key of the kind
                chunk = asked[start:start + 500]
                stored.update(key for key, in self._db.execute(
                    f"SELECT key FROM entry WHERE kind = ? AND key IN ({','.join('?' * len(chunk))})", (kind, *chunk)))
        except sqlite3.Error as err:
            log.warning("build cache %s cannot be read (%s)", self.path, err)
            return set()
        return {name for key, name in keys.items() if key in stored}

    def preload(self, kind: str) -> None:
        """Every entry of a kind read now, in one query, for get_many to find: for a kind of
        small values asked for one at a time (a page's digest: thousands of queries)."""
        if self._db is None:
            return
        try:
            self._preloaded[kind] = dict(self._db.execute("SELECT key, value FROM entry WHERE kind = ?", (kind,)))
        except sqlite3.Error as err:
            log.warning("build cache %s cannot be read (%s)", self.path, err)

    def get_many(self, kind: str, keys: list[str]) -> dict[str, object]:
        """The stored values of those keys that have one: a query per few hundred keys."""
        if self._db is None or not keys:
            return {}
        self._used.update((kind, key) for key in keys)
        found = {}
        if kind in self._preloaded:
            blobs = self._preloaded[kind]
            return self._loaded(kind, [(key, blobs[key]) for key in keys if key in blobs], len(keys))
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            try:
                rows = self._db.execute(f"SELECT key, value FROM entry WHERE kind = ? AND key IN ({','.join('?' * len(chunk))})",
                                        (kind, *chunk)).fetchall()
            except sqlite3.Error as err:
                log.warning("build cache %s cannot be read (%s)", self.path, err)
                return found
            found.update(self._loaded(kind, rows, len(chunk)))
        return found

    def _loaded(self, kind: str, rows: list[tuple[str, bytes]], asked: int) -> dict[str, object]:
        """The values of rows read, unpickled; counted as hits against the `asked` keys."""
        found = {}
        for key, value in rows:
            try:
                found[key] = pickle.loads(value)
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
                log.warning("build cache entry %s/%s is unreadable (%s); computing it again", kind, key, err)
        self.hits += len(found)
        self.misses += asked - len(found)
        return found

    def keep(self, kind: str, key: str) -> None:
        """Keep the entry through this run's sweep without reading it."""
        self._used.add((kind, key))

    def put_many(self, kind: str, items: dict[str, object]) -> None:
        if self._db is not None:
            self.put_blobs(kind, {key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                                  for key, value in items.items()})

    def put_blobs(self, kind: str, items: dict[str, bytes]) -> None:
        """Values already pickled."""
        if self._db is None or not items:
            return
        self._used.update((kind, key) for key in items)
        if kind in self._preloaded:
            self._preloaded[kind].update(items)
        rows = [(kind, key, data) for key, data in items.items()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", rows)
        except sqlite3.Error as err:
            log.warning("build cache %s cannot be written (%s)", self.path, err)

    def sweep(self) -> None:
        """Forget every entry this run did not use, and start counting afresh."""
        if self._db is None:
            return
        try:
            with self._db:
                # The keys alone (SQLite reads them from the primary key's index, not the
                # table's pages of large values), then only the unused rows are deleted.
                stored = set(self._db.execute("SELECT kind, key FROM entry"))
                self._db.executemany("DELETE FROM entry WHERE kind = ? AND key = ?", sorted(stored - self._used))
        except sqlite3.Error as err:
            log.warning("build cache %s cannot be swept (%s)", self.path, err)
        self._used = set()
        self._preloaded = {}
        self.hits = self.misses = 0

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
