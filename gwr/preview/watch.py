"""Watching the project's inputs for the preview server.

watchdog reports file events; this module keeps the ones that matter (what changed: a seed,
site_src, a template, a stylesheet, the code), drops editor droppings and anything in the
output folder, and hands them out in bursts: a burst ends after a short quiet period, so a
save that touches five files, or a `git checkout`, gives one rebuild.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.events import (EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED,
                             EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer

from gwr.config import PROJECT_ROOT, SiteConfig

CHANGE_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED,
                 EVENT_TYPE_CLOSED}
CODE_DIR = PROJECT_ROOT / "gwr"
CODE_FILES = (PROJECT_ROOT / "build.py",)


@dataclass(frozen=True)
class Change:
    path: Path
    kind: str  # seeds | site_src | templates | static | code


def is_scratch_file(name: str) -> bool:
    """Files editors and tools write beside the real one (hidden, backups, swap files, the
    owner file ~$name.docx that Word and WPS keep while a document is open)."""
    return (name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name.isdigit())  # vim probes a folder with a file named 4913


class Classifier:
    """Which input a path belongs to, or None for paths the preview ignores."""

    def __init__(self, config: SiteConfig, code_dir: Path = CODE_DIR,
                 code_files: tuple[Path, ...] = CODE_FILES):
        self.out_dir = config.out_dir
        self.folders = [(config.seeds_dir, "seeds"), (config.site_src, "site_src"),
                        (config.templates_dir, "templates"), (config.static_dir, "static"),
                        (code_dir, "code")]
        self.code_files = code_files

    def kind(self, path: Path) -> str | None:
        if path == self.out_dir or self.out_dir in path.parents:
            return None
        if path in self.code_files:
            return "code"
        if is_scratch_file(path.name) or "__pycache__" in path.parts:
            return None
        for folder, kind in self.folders:
            if folder in path.parents:
                if kind == "code" and path.suffix != ".py":
                    return None
                return kind
        return None

    def watched_folders(self) -> list[tuple[Path, bool]]:
        """(folder, recursive) to hand to watchdog; the project root only for build.py."""
        found = [(folder, True) for folder, _ in self.folders if folder.is_dir()]
        found += sorted({(path.parent, False) for path in self.code_files})
        return found


class ChangeBatcher:
    """Collects changes; `next_burst` returns them once none came for `quiet` seconds.

    Changes that arrive while the caller is busy (rebuilding) wait here, so that however
    many arrive, they give exactly one more burst.
    """

    def __init__(self, quiet: float = 0.2, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self.clock = clock
        self._pending: dict[Path, Change] = {}
        self._last = 0.0
        self._stopped = False
        self._condition = threading.Condition()

    def add(self, change: Change) -> None:
        with self._condition:
            self._pending[change.path] = change
            self._last = self.clock()
            self._condition.notify_all()

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()

    def next_burst(self) -> list[Change] | None:
        """The next burst of changes, in path order; None once stopped."""
        with self._condition:
            while not self._stopped:
                if not self._pending:
                    self._condition.wait()
                    continue
                remaining = self._last + self.quiet - self.clock()
                if remaining <= 0:
                    burst = [self._pending[p] for p in sorted(self._pending)]
                    self._pending = {}
                    return burst
                self._condition.wait(remaining)
            return None


class _Forwarder(FileSystemEventHandler):
    def __init__(self, classifier: Classifier, batcher: ChangeBatcher):
        self.classifier, self.batcher = classifier, batcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return  # the file inside reports its own change
        paths = [event.src_path] + ([event.dest_path] if event.event_type == EVENT_TYPE_MOVED else [])
        for raw in paths:
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            kind = self.classifier.kind(path)
            if kind:
                self.batcher.add(Change(path, kind))


def start_watching(classifier: Classifier, batcher: ChangeBatcher) -> Observer:
    observer = Observer()
    handler = _Forwarder(classifier, batcher)
    for folder, recursive in classifier.watched_folders():
        observer.schedule(handler, str(folder), recursive=recursive)
    observer.daemon = True
    observer.start()
    return observer
