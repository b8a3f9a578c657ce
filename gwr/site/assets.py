"""Stage 9b: assets named by their content, so that hosts and browsers may keep them forever.

The stylesheet, the scripts, lunr.js, the icon and the search data are written as
static/<stem>.<hash>.<ext>; a changed file gets a new name, and the pages that use it name
the new file. data/assets.json maps each plain name to its file for tools outside the site.
"""
from __future__ import annotations

from dataclasses import dataclass

from gwr.config import BaseUrl
from gwr.digest import digest

HASH_LENGTH = 10


@dataclass(frozen=True)
class Assets:
    paths: dict[str, str]
    """Plain name ("site.css") -> site path of the fingerprinted file ("/static/site.1a2b3c4d5e.css")."""
    base: BaseUrl = BaseUrl()

    def href(self, name: str) -> str:
        """What a page links to for the asset called name."""
        return self.base.href(self.paths[name])

    def with_paths(self, paths: dict[str, str]) -> "Assets":
        return Assets({**self.paths, **paths}, self.base)


def fingerprinted_name(name: str, data: bytes) -> str:
    """site.css -> site.<hash>.css; lunr.min.js -> lunr.<hash>.min.js (the hash after the stem)."""
    stem, dot, extension = name.partition(".")
    return f"{stem}.{digest(data)[:HASH_LENGTH]}{dot}{extension}"


def fingerprint_assets(sources: dict[str, bytes], base: BaseUrl) -> tuple[Assets, dict[str, bytes]]:
    """The assets and their files ({path in the output folder: bytes})."""
    paths, files = {}, {}
    for name, data in sorted(sources.items()):
        path = f"static/{fingerprinted_name(name, data)}"
        paths[name] = "/" + path
        files[path] = data
    return Assets(paths, base), files
