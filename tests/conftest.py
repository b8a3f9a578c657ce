"""Shared fixtures: the gazetteer (loaded once) and one build of the seeds per test session."""
from __future__ import annotations

import pytest

from gwr import config

from gwr.build.pipeline import build
from gwr.lexicon import gazetteer
from tests.harness import ROOT, PreviewProcess, copy_project
GOLD = ROOT / "tests" / "gold"  # expectations kept with the tests: no test reads ../shared


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


@pytest.fixture(scope="session")
def preview(tmp_path_factory):
    """The preview server over a temporary copy of the whole project."""
    server = PreviewProcess(copy_project(tmp_path_factory.mktemp("preview") / "project"))
    yield server
    server.stop()
