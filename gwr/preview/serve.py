"""`python build.py serve`: build, serve the site, rebuild on every change, reload the browser.

The server is the standard library's threading HTTP server with a handler of our own: it
serves only files under the output folder, and into every HTML page it sends it adds one
script tag for live reload (the built files never contain it). The browser learns of builds
over Server-Sent Events: the page knows which build it shows; when a newer one is announced
it reloads, and when a rebuild failed it shows why over the page, still the last good one.

A change to the Python code cannot be taken in by a running process: the server checks that
the new code imports, then starts itself again on the same port (pages reload on their own).
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import tomllib
import traceback
from dataclasses import asdict, dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from gwr.build.pipeline import Builder
from gwr.config import PROJECT_ROOT, BaseUrl, SiteConfig
from gwr.preview.watch import Change, ChangeBatcher, Classifier, start_watching

log = logging.getLogger(__name__)

EVENTS_PATH = "/__gwr/events"
CLIENT_PATH = "/__gwr/livereload.js"
CLIENT_FILE = Path(__file__).with_name("livereload.js")
HOST_RULES = PROJECT_ROOT / "netlify.toml"  # the published host's redirects, applied here as there
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",  # index files kept gzipped: the page unpacks them
    ".jsonl": "application/x-ndjson",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
NO_SITE_YET = ("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>尚未构建</title>"
               "<body><p>网站尚未成功构建；修复错误并保存后自动重试。</p></body></html>").encode("utf-8")
KEEPALIVE_SECONDS = 15


@dataclass(frozen=True)
class BuildFailure:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class BuildState:
    """What browsers are told: the build to show (session:number) and why the last rebuild
    failed, if it did. Every change wakes the event streams waiting on it."""

    def __init__(self):
        self.session = secrets.token_hex(4)
        self._build = 0
        self._error: BuildFailure | None = None
        self._warnings: list[str] = []
        self._version = 0
        self._closed = False
        self._condition = threading.Condition()

    @property
    def token(self) -> str:
        """Which build a page served now comes from."""
        with self._condition:
            return f"{self.session}:{self._build}"

    def succeeded(self, warnings: list[str]) -> None:
        with self._condition:
            self._build += 1
            self._error, self._warnings = None, warnings
            self._announce()

    def failed(self, failure: BuildFailure) -> None:
        with self._condition:
            self._error = failure
            self._announce()

    def _announce(self) -> None:
        self._version += 1
        self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, dict] | None:
        """(version, state) once the state is newer than `seen` or the timeout passed; None when
        the server is closing."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self._version != seen, timeout)
            if self._closed:
                return None
            return self._version, {"session": self.session, "build": self._build,
                                   "error": asdict(self._error) if self._error else None,
                                   "warnings": self._warnings}


class Refused(ValueError):
    """A request for a path outside the site."""


def resolve(root: Path, url_path: str) -> Path | None:
    """The file or folder a URL path names under root, None when there is none."""
    try:
        path = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in path or "\\" in path:
        raise Refused(url_path)
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise Refused(url_path)
    target = root.joinpath(*parts)
    if not target.exists():
        return None
    real_root = root.resolve()
    if target.resolve() != real_root and real_root not in target.resolve().parents:
        raise Refused(url_path)  # a link leading out of the site
    return target


@dataclass(frozen=True)
class Redirect:
    """One of the host's redirects: from a path, or from every path below a prefix
    (`/old/*`, the rest of the path given to `to` as `:splat`)."""
    source: str
    target: str

    def applied(self, path: str) -> str | None:
        """Where path is sent, or None when the rule is not for it."""
        if self.source.endswith("/*"):
            prefix = self.source[:-1]
            return self.target.replace(":splat", path[len(prefix):]) if path.startswith(prefix) else None
        return self.target if path == self.source else None


def host_redirects(rules: Path) -> list[Redirect]:
    """The redirects of the host's configuration (netlify.toml), which the host applies
    where no file answers: the preview applies them the same way, so that an address the
    published site redirects (`/reports/`, the old `/report/…`) is not a 404 here."""
    try:
        config = tomllib.loads(rules.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [Redirect(rule["from"], rule["to"]) for rule in config.get("redirects", [])
            if isinstance(rule.get("from"), str) and isinstance(rule.get("to"), str)]


def with_client(html: bytes, token: str) -> bytes:
    """The page with the live-reload script before </body>."""
    tag = f'<script src="{CLIENT_PATH}" data-build="{token}"></script>\n'.encode("ascii")
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class PreviewHandler(BaseHTTPRequestHandler):
    server: "PreviewServer"
    server_version = "GWRPreview"

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal is for builds; a request log would drown them

    def respond(self, with_body: bool) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            self.stream_events()
            return
        if url.path == CLIENT_PATH:
            self.send(200, CLIENT_FILE.read_bytes(), CONTENT_TYPES[".js"], with_body)
            return
        try:
            target = resolve(self.server.root, url.path)
        except Refused:
            self.send(403, "403 禁止访问：路径不在网站目录内\n".encode("utf-8"), CONTENT_TYPES[".txt"], with_body)
            return
        if target is not None and target.is_dir():
            if not url.path.endswith("/"):
                self.redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            moved = next((to for rule in self.server.redirects if (to := rule.applied(url.path)) is not None), None)
            if moved is not None:
                self.redirect(moved)
                return
            self.send_page(404, self.server.root / "404.html", with_body)
            return
        self.send_page(200, target, with_body)

    def send_page(self, status: int, path: Path, with_body: bool) -> None:
        try:
            body, suffix = path.read_bytes(), path.suffix.lower()
        except OSError:  # removed meanwhile, or no 404 page built yet
            status, body, suffix = 404, NO_SITE_YET, ".html"
        if suffix == ".html":
            body = with_client(body, self.server.state.token)
        self.send(status, body, CONTENT_TYPES.get(suffix, "application/octet-stream"), with_body)

    def send(self, status: int, body: bytes, content_type: str, with_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stream_events(self) -> None:
        """One `data:` line per state change, a comment now and then to notice closed tabs."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                update = self.server.state.wait(seen, KEEPALIVE_SECONDS)
                if update is None:
                    return
                version, state = update
                message = ": keepalive\n\n" if version == seen else f"data: {json.dumps(state, ensure_ascii=False)}\n\n"
                seen = version
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive

    def __init__(self, address: tuple[str, int], root: Path, state: BuildState,
                 redirects: list[Redirect] | None = None):
        super().__init__(address, PreviewHandler)
        self.root = root
        self.state = state
        self.redirects = redirects or []

    def handle_error(self, request, client_address) -> None:
        """A browser that leaves a page while a file is still coming (a large search index, a
        reload) closes its connection: nothing went wrong, so nothing is printed."""
        if isinstance(sys.exception(), (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def describe_failure(error: BaseException, config: SiteConfig) -> BuildFailure:
    """The file and line to fix: the template or input the error arose in, else the code."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return BuildFailure(display_path(error.filename or error.name or "?"), error.lineno, error.message or "")
    frames = traceback.extract_tb(error.__traceback__)
    inputs = (config.templates_dir, config.site_src, config.seeds_dir)
    own = [f for f in frames if any(folder in Path(f.filename).parents for folder in inputs)]
    frame = (own or frames or [None])[-1]
    message = f"{type(error).__name__}: {error}"
    if frame is None:
        return BuildFailure("?", None, message)
    return BuildFailure(display_path(frame.filename), frame.lineno, message)


def display_path(filename: str) -> str:
    path = Path(filename)
    return path.relative_to(PROJECT_ROOT).as_posix() if PROJECT_ROOT in path.parents else filename


def code_problem() -> BuildFailure | None:
    """Whether the project's code, as now on disk, imports; checked before restarting on it."""
    check = subprocess.run([sys.executable, "-c", "import build, gwr.preview.serve"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, timeout=120)
    if check.returncode == 0:
        return None
    lines = [line for line in check.stderr.splitlines() if line.strip()]
    where = re.findall(r'File "([^"]+)", line (\d+)', check.stderr)
    file, line = (display_path(where[-1][0]), int(where[-1][1])) if where else ("?", None)
    return BuildFailure(file, line, lines[-1] if lines else f"exit status {check.returncode}")


def describe_changes(changes: list[Change]) -> str:
    if len(changes) == 1:
        return display_path(str(changes[0].path))
    return f"{len(changes)} files"


def stop_on_signal(signum, frame) -> None:
    """`kill` stops the preview as Ctrl-C does."""
    raise KeyboardInterrupt


def stop_now(signum, frame) -> None:
    """A second Ctrl-C while the preview winds down (a rebuild may be finishing): leave at once."""
    print("stopped before the running rebuild finished", flush=True)
    os._exit(130)


class Preview:
    """The build, the server, the watcher and the rebuild loop, started and stopped together."""

    def __init__(self, config: SiteConfig, host: str = "127.0.0.1", port: int = 8000, quiet: float = 0.2):
        self.config = config
        self.host = host
        self.port = port
        self.builder = Builder(config, in_place=True)
        self.state = BuildState()
        self.classifier = Classifier(config)
        self.batcher = ChangeBatcher(quiet)
        self.server: PreviewServer | None = None
        self.restart_requested = False

    def rebuild(self, changes: list[Change]) -> None:
        try:
            result = self.builder.build()
        except Exception as error:  # any failure: keep serving the last good site
            failure = describe_failure(error, self.config)
            self.state.failed(failure)
            if not failure.file.startswith(("templates/", "site_src/", "seeds/")):
                traceback.print_exception(error)
            print(f"error: {failure}\n  still serving the last good site; save a fix to rebuild", flush=True)
            return
        warnings = [str(d) for d in result.diagnostics]
        self.state.succeeded(warnings)
        cause = f" after {describe_changes(changes)} changed" if changes else ""
        work = result.work
        print(f"built in {result.seconds:.2f} s{cause}: parsed {work.get('parse', 0)} file(s), "
              f"rendered {work.get('page', 0)} page(s), wrote {result.files_changed} file(s), "
              f"{len(warnings)} warning(s)", flush=True)
        for warning in warnings:
            print(f"warning: {warning}", flush=True)

    def rebuild_loop(self) -> None:
        while (burst := self.batcher.next_burst()) is not None:
            if any(change.kind == "code" for change in burst):
                problem = code_problem()
                if problem is None:
                    print("code changed: restarting", flush=True)
                    self.restart_requested = True
                    self.server.shutdown()
                    return
                self.state.failed(problem)
                print(f"error: {problem}\n  not restarting; still serving the last good site", flush=True)
                continue
            self.rebuild(burst)

    def serve(self) -> int:
        self.server = PreviewServer((self.host, self.port), self.config.out_dir, self.state, host_redirects(HOST_RULES))
        # Links, canonical addresses and the feed point at this server, whatever site.toml says.
        host, port = self.server.server_address[:2]
        self.builder.config = replace(self.config, base_url=BaseUrl(f"http://{host}:{port}", "/"))
        observer = worker = None
        signal.signal(signal.SIGTERM, stop_on_signal)
        # Ctrl-C stops it even when started in the background of a script, which leaves the
        # process with SIGINT ignored (Python then never raises KeyboardInterrupt).
        signal.signal(signal.SIGINT, stop_on_signal)
        try:
            self.rebuild([])
            observer = start_watching(self.classifier, self.batcher)
            worker = threading.Thread(target=self.rebuild_loop, name="rebuild", daemon=True)
            worker.start()
            print(f"serving http://{host}:{port}/ (watching seeds, site_src, templates, static and "
                  f"the code; Ctrl-C to stop)", flush=True)
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, stop_now)
            self.batcher.stop()
            if observer is not None:
                observer.stop()
                observer.join()
            if worker is not None:
                worker.join()
            self.state.close()
            self.server.server_close()
        if self.restart_requested:
            self.restart()
        print("stopped", flush=True)
        return 0

    def restart(self) -> None:
        """Replace this process by a fresh one on the same port, with the same folders."""
        port = self.server.server_address[1]
        argv = [sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--host", self.host,
                "--port", str(port), "--seeds", str(self.config.seeds_dir), "--out", str(self.config.out_dir)]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, argv)
