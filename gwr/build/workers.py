"""Worker processes for a build: parsing, marking and search shards run beside the main
process, with a progress bar on a terminal for each batch of work."""
from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import forkserver
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from tqdm import tqdm

from gwr.build import heap

T = TypeVar("T")
R = TypeVar("R")


def progress_bar(items: list, label: str) -> tqdm:
    """A bar on a terminal for work of more than one item; quiet otherwise."""
    return tqdm(total=len(items), desc=label, unit="item", leave=False, disable=len(items) < 2 or not sys.stderr.isatty())


class Batch(Generic[R]):
    """Work started in the workers: (place of the item, result) pairs, those finished so far
    without waiting (ready), those of the first chunk not taken yet (first), or all the others,
    waiting for them (rest). `chunks` maps the place of the first item of each chunk of items
    to the future of their results; `run_here` gives the results computed in this process, one
    by one, instead."""

    def __init__(self, bar: tqdm, run_here: Callable[[], Iterable[tuple[int, R]]] | None = None,
                 chunks: dict[int, Future] | None = None):
        self.bar = bar
        self.here: Iterator[tuple[int, R]] | None = iter(run_here()) if run_here is not None else None
        self.pending = dict(chunks or {})

    def ready(self) -> list[tuple[int, R]]:
        return [pair for first in [n for n, f in self.pending.items() if f.done()] for pair in self._take(first)]

    def first(self) -> list[tuple[int, R]]:
        """The results of the first chunk not taken yet (with run_here, of the next item),
        waiting for them; none when all were taken."""
        if self.here is not None:
            for pair in self.here:
                self.bar.update()
                return [pair]
            self.here = None
        return self._take(min(self.pending)) if self.pending else []

    def settled(self) -> bool:
        """True, its bar closed, once every result was taken."""
        if self.here is None and not self.pending:
            self.bar.close()
            return True
        return False

    def rest(self) -> Iterator[tuple[int, R]]:
        while pairs := self.first():
            yield from pairs
        self.bar.close()

    def _take(self, first: int) -> list[tuple[int, R]]:
        results = self.pending.pop(first).result()
        self.bar.update(len(results))
        return list(enumerate(results, first))


def run_chunk(function: Callable[[T], R], items: list[T]) -> list[R]:
    results = [function(item) for item in items]
    heap.release()  # what the chunk's work freed, before the worker takes the next
    return results


def relay(to: Future, done: Future) -> None:
    """Give `to` the outcome of `done`."""
    if done.exception() is not None:
        to.set_exception(done.exception())
    else:
        to.set_result(done.result())


def exit_with_parent(interval: float = 0.5) -> None:
    """End this process when its parent ends, even by SIGKILL: a build's fork server and its
    workers are left behind otherwise (each holds the pipes the others wait on). A daemon
    thread compares the parent's pid with the one at start."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="exit with parent", daemon=True).start()


CHUNK_ITEMS = 32


class Workers:
    """Up to `jobs` worker processes for one build, started when first needed, with a progress
    bar on a terminal for each batch of work."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._submitting: list[threading.Thread] = []

    def map(self, function: Callable[[T], R], items: list[T], label: str) -> list[R]:
        """function over items in the workers, in chunks (many small items), with a progress bar."""
        with progress_bar(items, label) as bar:
            if self.jobs < 2 or len(items) < 2:
                results = map(function, items)
            else:
                results = self.pool().map(function, items, chunksize=self.chunk_size(items))
            done = []
            for result in results:
                done.append(result)
                bar.update()
            return done

    def start(self, function: Callable[[T], R], items: list[T], label: str, chunk: int | None = None) -> Batch[R]:
        """function started over each item in the workers, even one item, which then runs
        beside this process's work (with one job, run here when the results are asked
        for); the Batch gives the results as they come. `chunk`: the items sent to a worker
        at a time (chunk_size() otherwise)."""
        bar = progress_bar(items, label)
        if self.jobs < 2 or not items:
            return Batch(bar, lambda: enumerate(map(function, items)))
        size = chunk or self.chunk_size(items)
        chunks: dict[int, Future] = {first: Future() for first in range(0, len(items), size)}

        def submit() -> None:
            try:
                pool = self.pool()
                for first, future in chunks.items():
                    pool.submit(run_chunk, function, items[first:first + size]).add_done_callback(
                        functools.partial(relay, future))
            except BaseException as err:
                for future in chunks.values():
                    if not future.done():
                        future.set_exception(err)

        # The first workers start only once the fork server has loaded the pipeline: submitted
        # from a thread, so that this process goes on meanwhile.
        thread = threading.Thread(target=submit, name=f"submit {label}", daemon=True)
        self._submitting.append(thread)
        thread.start()
        return Batch(bar, chunks=chunks)

    def chunk_size(self, items: list) -> int:
        """Items sent to a worker at a time: many small items go in chunks, but never more
        than CHUNK_ITEMS, as a chunk's results come back as one message, held whole by the
        worker and by this process (1,250 parsed files at 20,000 with chunks of an eighth of
        a core's share)."""
        return max(1, min(CHUNK_ITEMS, len(items) // (self.jobs * 8)))

    def prepare(self) -> None:
        """Start the fork server now, so that it loads the pipeline and what parsing needs
        (gwr.build.preload) beside this process's work rather than when the first pool is asked
        for. build.py calls it before it imports the pipeline itself."""
        if self.jobs >= 2:
            self.context()
            forkserver.ensure_running()

    def pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.jobs, mp_context=self.context(), initializer=exit_with_parent)
            return self._pool

    @staticmethod
    def context() -> multiprocessing.context.BaseContext:
        # forkserver: the preview builds from a process with threads, which fork() would copy
        # badly; the server loads the pipeline and its resources once, so each worker starts
        # with them loaded.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gwr.build.preload"])
        return context

    def close(self) -> None:
        for thread in self._submitting:
            thread.join()
        self._submitting = []
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
