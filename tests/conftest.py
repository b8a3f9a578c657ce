"""Shared fixtures: the gazetteer (loaded once) and one build of the seeds per test session."""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gwr import config, gazetteer
from gwr.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load(config.SiteConfig(ROOT / "seeds", ROOT / "output").divisions_file)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The real seeds built into a temporary folder: (output folder, BuildResult)."""
    out = tmp_path_factory.mktemp("seed-site") / "output"
    result = build(config.load(str(ROOT / "seeds"), str(out)))
    return out, result


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    context.close()


PROJECT_PARTS = ("build.py", "gwr", "templates", "static", "site_src", "seeds")


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

    def __init__(self, project: Path):
        self.project = project
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", "0"], cwd=project, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
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


@pytest.fixture(scope="session")
def preview(tmp_path_factory):
    """The preview server over a temporary copy of the whole project."""
    server = PreviewProcess(copy_project(tmp_path_factory.mktemp("preview") / "project"))
    yield server
    server.stop()
