"""Freed memory given back to the system as a build goes.

A build reads report after report (a source's lines, an outline, a page's text) and lets each
go; Python frees them, but glibc's allocator keeps most freed pages in the process for reuse,
so the resident size of a long build follows the high-water mark of its fragmented heap
rather than what it holds (at 5,000 reports, 475 MB resident of which malloc_trim gave back
194 MB). The engine calls release() between stages and every so many pages or jobs.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Callable


@functools.lru_cache(maxsize=1)
def _trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


def release() -> None:
    """Give the heap's free pages back to the system (a few tens of milliseconds)."""
    trim = _trim()
    if trim is not None:
        trim(0)


class Every:
    """release() once in every `count` calls: between pages, or between a worker's jobs."""

    def __init__(self, count: int):
        self.count, self.calls = count, 0

    def __call__(self) -> None:
        self.calls += 1
        if self.calls % self.count == 0:
            release()
