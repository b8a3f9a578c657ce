"""Helpers shared by the tests and the benchmarks (no pytest here): a copy of the project,
the preview server run as a user runs it, its event stream, a folder served over HTTP."""
from __future__ import annotations

import contextlib
import functools
import http.client
import http.server
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def asset_file(out: Path, name: str) -> Path:
    """The fingerprinted file of the asset called name (site.css, search-store.json, …)."""
    return out / json.loads((out / "data" / "assets.json").read_text(encoding="utf-8"))[name]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """A built site served from folder on a free port of localhost; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


PROJECT_PARTS = ("build.py", "gwr", "templates", "static", "site_src", "seeds", "netlify.toml")


def copy_project(target: Path, seeds: list[Path] | None = None) -> Path:
    """The project's code and inputs copied to target (npm packages linked, not copied);
    `seeds` narrows the seeds folder to those files."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    if seeds is not None:
        shutil.rmtree(target / "seeds")
        (target / "seeds").mkdir()
        for seed in seeds:
            shutil.copy2(seed, target / "seeds" / seed.name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


class PreviewProcess:
    """`python build.py serve --port 0` running in a project folder, its output read line by line."""

    def __init__(self, project: Path, sigint_ignored: bool = False):
        self.project = project
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        # sigint_ignored: as a script's background job starts (`build.py serve &`).
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", "0"], cwd=project, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=ignore)
        threading.Thread(target=self._read, daemon=True).start()
        self.url = re.search(r"http://[\d.]+:\d+", self.wait_for_line("serving http://")).group(0)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 120) -> str:
        """The next line of output containing text; fails after timeout."""
        while True:
            line = self.lines.get(timeout=timeout)
            self.log.append(line)
            if text in line:
                return line

    def drain(self) -> None:
        """Forget the output so far, so that the next wait sees only what comes after."""
        while not self.lines.empty():
            self.log.append(self.lines.get_nowait())

    def events(self) -> "EventStream":
        return EventStream(self.url)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)


class EventStream:
    """A client of the preview's Server-Sent Events: one state per `data:` line."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=120)
        self.connection.request("GET", "/__gwr/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next_state(self) -> dict:
        while True:
            line = self.response.fp.readline().decode("utf-8")
            if not line:
                raise EOFError("the event stream ended")
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])

    def until(self, predicate) -> dict:
        while not predicate(state := self.next_state()):
            pass
        return state

    def close(self) -> None:
        self.connection.close()


def one_report_seed(project: Path, out: str = "output") -> tuple[Path, str, str]:
    """A seed holding exactly one report (not news), from the build-report.json of the last
    build into project/out: (path, encoding, report id)."""
    report = json.loads((project / out / "data" / "build-report.json").read_text(encoding="utf-8"))
    for entry in report["files"]:
        ids = [d["id"] for d in entry["documents"]]
        if len(ids) == 1 and not ids[0].startswith("news-"):
            return project / "seeds" / entry["file"], entry["encoding"], ids[0]
    raise AssertionError("no seed holds exactly one report")


def with_sentence(data: bytes, encoding: str, sentence: str) -> bytes:
    """The seed with a sentence added after the first full stop past its middle."""
    text = data.decode(encoding)
    at = text.index("。", len(text) // 2) + 1
    return (text[:at] + sentence + text[at:]).encode(encoding)


class PageLinks(HTMLParser):
    """The ids of a page and every address it links to or loads, scripts' data files included."""
    LINKING = ("href", "src", "action", "data-fold", "data-manifest")

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.links.extend(attrs[name] for name in self.LINKING if attrs.get(name))


def crawl_site(out: Path) -> dict[str, PageLinks]:
    """Every HTML page of a built site: {path in the output folder, with a leading /: links}."""
    pages = {}
    for html in sorted(out.rglob("*.html")):
        parser = PageLinks()
        parser.feed(html.read_text(encoding="utf-8"))
        pages["/" + html.relative_to(out).as_posix()] = parser
    return pages


def broken_links(out: Path, pages: dict[str, PageLinks], base) -> list[tuple[str, str]]:
    """(page, link) for every link of the site, built for `base`, that leads nowhere: a file
    that is not there, an anchor missing from its page, a path outside the base path, or an
    address of another site."""
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                if f"{parts.scheme}://{parts.netloc}" != base.origin:
                    broken.append((page, link))
                    continue
            if not parts.path:  # an anchor on the same page
                if parts.fragment and parts.fragment not in parsed.ids:
                    broken.append((page, link))
                continue
            if not parts.path.startswith(base.path):
                broken.append((page, link))
                continue
            target = out / unquote(parts.path.removeprefix(base.path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((page, link))
            elif parts.fragment and target.suffix == ".html":
                if parts.fragment not in pages["/" + target.relative_to(out).as_posix()].ids:
                    broken.append((page, link))
    return broken
