"""Every digest the project makes, in one place: names of content (files, cache keys, asset
names) must agree wherever they are computed, and one module makes that so."""
from __future__ import annotations

import hashlib


def fingerprint(*parts) -> str:
    """A short digest of values whose repr is deterministic (str, numbers, tuples, dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def digest(data: bytes) -> str:
    """The digest of a file's bytes: the output's manifest, asset names, spilled values."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def running_digest(size: int = 16):
    """A digest fed piece by piece; with the default size its hexdigest() is digest() of the whole."""
    return hashlib.blake2b(digest_size=size)


def source_digest(data: bytes) -> str:
    """The SHA-256 of a source file, as reports.json and the build report give it."""
    return hashlib.sha256(data).hexdigest()


def title_digest(title: str) -> str:
    """Six hex digits that tell apart reports of one region and year by their titles."""
    return hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
