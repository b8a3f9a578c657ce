"""What a reader does, in headless Chromium (Debian's package), driven by Playwright."""
import functools
import http.server
import threading

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site_url(seed_build):
    out, _ = seed_build
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
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


def test_home_page_leads_to_a_report_and_its_sections(page, site_url):
    page.goto(site_url + "/")
    assert page.locator("table.matrix").is_visible()
    page.get_by_role("link", name="政府工作报告").first.wait_for()
    page.locator('a[title="2020年宁波市政府工作报告"]').click()
    page.wait_for_url("**/reports/ningbo-2020/")
    assert page.locator("h1").inner_text().startswith("2020年宁波市政府工作报告")
    toc = page.locator("nav.toc")
    assert toc.get_by_role("link", name="二、2020年主要目标任务").count() == 1
    toc.get_by_role("link", name="二、2020年主要目标任务").click()
    page.wait_for_url("**#s2")
    assert page.locator("#s2 > h2").inner_text().startswith("二、2020年主要目标任务")
    assert page.errors == []


def test_report_page_shows_metadata_provenance_and_truncation(page, site_url):
    page.goto(site_url + "/reports/laian-2023/")
    assert "来安县" in page.locator(".meta").inner_text()
    assert page.locator(".notice").first.inner_text().startswith("⚠ 原文不完整")
    page.goto(site_url + "/reports/xxqu-2020-h1/")
    page.locator("details.provenance summary").click()
    assert "删除拼音注音" in page.locator("details.provenance").inner_text()
    assert page.errors == []


def test_every_link_on_the_home_page_resolves(page, site_url):
    page.goto(site_url + "/")
    hrefs = page.eval_on_selector_all("a[href^='/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]")
    assert len(hrefs) > 26
    for href in hrefs:
        response = page.request.get(site_url + href)
        assert response.status == 200, href
