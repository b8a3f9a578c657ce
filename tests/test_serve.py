"""The preview server: unit tests of its parts, then `python build.py serve` over a temporary
copy of the project, edited while it runs, over HTTP and in Chromium."""
import http.client
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import jinja2
import pytest

from gwr.config import SiteConfig
from gwr.preview.serve import (HOST_RULES, BuildFailure, BuildState, PreviewServer, Redirect, Refused, describe_failure,
                               host_redirects, resolve, with_client)
from tests.harness import ROOT, PreviewProcess, copy_project, one_report_seed, with_sentence


# --- parts ---------------------------------------------------------------------------------

@pytest.fixture
def site_root(tmp_path):
    root = tmp_path / "site"
    (root / "reports" / "a").mkdir(parents=True)
    (root / "reports" / "a" / "index.html").write_text("<html><body>a</body></html>")
    (tmp_path / "secret.txt").write_text("secret")
    return root


@pytest.mark.parametrize("path", ["/../secret.txt", "/reports/../../secret.txt", "/%2e%2e/secret.txt",
                                  "/reports/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a%00b",
                                  "/..\\secret.txt"])
def test_paths_leaving_the_site_are_refused(site_root, path):
    with pytest.raises(Refused):
        resolve(site_root, path)


def test_links_leading_out_of_the_site_are_refused(site_root):
    (site_root / "escape").symlink_to(site_root.parent)
    with pytest.raises(Refused):
        resolve(site_root, "/escape/secret.txt")


def test_paths_inside_the_site_resolve(site_root):
    assert resolve(site_root, "/reports/a/index.html") == site_root / "reports" / "a" / "index.html"
    assert resolve(site_root, "/reports/a/") == site_root / "reports" / "a"
    assert resolve(site_root, "/reports/./a/") == site_root / "reports" / "a"
    assert resolve(site_root, "/") == site_root
    assert resolve(site_root, "/missing/") is None
    assert resolve(site_root, "/%ff") is None


def test_reload_script_goes_before_the_end_of_the_body():
    page = with_client(b"<html><body><p>x</p></body></html>", "abc:3").decode()
    assert page == ('<html><body><p>x</p><script src="/__gwr/livereload.js" data-build="abc:3"></script>\n'
                    "</body></html>")
    assert with_client(b"<p>fragment</p>", "abc:3").decode().endswith('data-build="abc:3"></script>\n')


def test_build_state_wakes_waiters_and_tells_the_build_a_page_comes_from():
    state = BuildState()
    version, first = state.wait(-1, timeout=5)
    assert first == {"session": state.session, "build": 0, "error": None, "warnings": []}
    state.succeeded(["seeds/x.txt: is empty; skipped"])
    version, second = state.wait(version, timeout=5)
    assert second["build"] == 1 and second["warnings"] == ["seeds/x.txt: is empty; skipped"]
    assert state.token == f"{state.session}:1"
    state.failed(BuildFailure("templates/base.html", 4, "unexpected end"))
    _, third = state.wait(version, timeout=5)
    assert third["build"] == 1 and third["error"] == {"file": "templates/base.html", "line": 4,
                                                      "message": "unexpected end"}
    state.close()
    assert state.wait(version + 1, timeout=5) is None


def failure_of(templates: Path, name: str, **context) -> BuildFailure:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined)
    config = SiteConfig(seeds_dir=templates, out_dir=templates / "out", templates_dir=templates)
    with pytest.raises(Exception) as caught:
        env.get_template(name).render(**context)
    return describe_failure(caught.value, config)


def test_a_template_error_names_the_template_and_line(tmp_path):
    (tmp_path / "broken.html").write_text("<p>\n{% if %}\n</p>\n")
    failure = failure_of(tmp_path, "broken.html")
    assert failure.file == str(tmp_path / "broken.html") and failure.line == 2
    (tmp_path / "undefined.html").write_text("<p>\n\n{{ nothing.here }}\n</p>\n")
    failure = failure_of(tmp_path, "undefined.html")
    assert failure.file == str(tmp_path / "undefined.html") and failure.line == 3
    assert "nothing" in failure.message


# --- the running preview ---------------------------------------------------------------------

def fetch(url: str, method: str = "GET") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def settle(preview: PreviewProcess, change) -> dict:
    """Make a change to the project and return the state the preview announces after it."""
    stream = preview.events()
    before = stream.next_state()
    preview.drain()
    change()
    after = stream.until(lambda state: state != before)
    stream.close()
    return after


def test_the_hosts_redirects_are_read_and_applied_to_their_paths_alone():
    rules = host_redirects(HOST_RULES)
    assert Redirect("/reports/", "/") in rules and Redirect("/report/*", "/reports/:splat") in rules
    moved = {path: next((to for rule in rules if (to := rule.applied(path)) is not None), None)
             for path in ["/reports/", "/report/hefei-2023/", "/reports/hefei-2023/", "/reportsx"]}
    assert moved == {"/reports/": "/", "/report/hefei-2023/": "/reports/hefei-2023/",
                     "/reports/hefei-2023/": None, "/reportsx": None}
    assert host_redirects(HOST_RULES.with_name("no-such-file.toml")) == []


def test_the_preview_redirects_as_the_host_does_where_no_file_answers(site_root):
    server = PreviewServer(("127.0.0.1", 0), site_root, BuildState(),
                           [Redirect("/reports/", "/"), Redirect("/old/*", "/reports/:splat"), Redirect("/reports/a/", "/")])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        answers = {}
        for path in ["/reports/", "/old/a/", "/reports/a/", "/nowhere/"]:
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            answers[path] = (response.status, response.getheader("Location"))
            connection.close()
        # a file answers before any redirect, as on the host
        assert answers == {"/reports/": (301, "/"), "/old/a/": (301, "/reports/a/"), "/reports/a/": (200, None),
                           "/nowhere/": (404, None)}
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_leaving_mid_download_is_not_reported_as_an_error(tmp_path, capsys):
    server = PreviewServer(("127.0.0.1", 0), tmp_path, BuildState())
    try:
        for gone in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            try:
                raise gone
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real bug" in capsys.readouterr().err
    finally:
        server.server_close()


def test_pages_are_served_with_their_types_and_the_404_page(preview):
    status, headers, body = fetch(preview.url + "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'src="/__gwr/livereload.js"' in body and headers["Cache-Control"] == "no-store"
    assets = json.loads(fetch(preview.url + "/data/assets.json")[2])
    for path, content_type in [("/" + assets["site.css"], "text/css; charset=utf-8"),
                               ("/" + assets["site.js"], "text/javascript; charset=utf-8"),
                               ("/" + assets["search-manifest.json"], "application/json"),
                               ("/feed.xml", "application/xml"),
                               ("/data/targets.csv", "text/csv; charset=utf-8"),
                               ("/__gwr/livereload.js", "text/javascript; charset=utf-8")]:
        status, headers, _ = fetch(preview.url + path)
        assert (status, headers["Content-Type"]) == (200, content_type), path
    status, headers, body = fetch(preview.url + "/no/such/page/")
    assert status == 404 and "页面不存在" in body and "livereload.js" in body
    status, headers, body = fetch(preview.url + "/", method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 0
    connection = http.client.HTTPConnection(preview.url.removeprefix("http://"), timeout=60)
    connection.request("GET", "/regions?x=1")
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (301, "/regions/?x=1")
    connection.close()
    connection = http.client.HTTPConnection(preview.url.removeprefix("http://"), timeout=60)
    connection.request("GET", "/reports/")  # no page: the host redirects it, and so does the preview
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (301, "/")
    connection.close()
    built = (preview.project / "output-preview" / "index.html").read_text(encoding="utf-8")
    assert "__gwr" not in built  # the reload script exists only in what the server sends
    # The preview builds for its own address into its own folder: output/ is the published site's.
    assert f'<link rel="canonical" href="{preview.url}/">' in built and not (preview.project / "output").exists()


@pytest.mark.parametrize("path", ["/../build.py", "/static/../../build.py", "/%2e%2e/build.py", "/..%2fbuild.py"])
def test_the_preview_refuses_paths_out_of_the_site(preview, path):
    host, port = preview.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    assert response.startswith(b"HTTP/1.0 403")
    assert b"argparse" not in response


def test_saving_a_seed_rebuilds_its_page_and_signals_a_reload(preview):
    seed, encoding, report_id = one_report_seed(preview.project, "output-preview")
    original = seed.read_bytes()
    sentence = "这是预览检查增加的句子。"
    try:
        state = settle(preview, lambda: seed.write_bytes(with_sentence(original, encoding, sentence)))
        assert state["error"] is None
        status, _, html = fetch(f"{preview.url}/reports/{report_id}/")
        assert status == 200 and sentence in text_of(html)
        assert f'data-build="{state["session"]}:{state["build"]}"' in html
        line = preview.wait_for_line("built in")
        assert f"after seeds/{seed.name} changed: parsed 1 file(s)" in line
    finally:
        settle(preview, lambda: seed.write_bytes(original))
    assert sentence not in text_of(fetch(f"{preview.url}/reports/{report_id}/")[2])


def test_a_broken_template_shows_the_error_and_the_last_good_site_stays(preview):
    base = preview.project / "templates" / "base.html"
    original = base.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    after = next(i for i, line in enumerate(lines) if "<main" in line) + 1
    broken = "".join(lines[:after] + ["{% if %}\n"] + lines[after:])
    _, _, good_page = fetch(preview.url + "/")
    try:
        state = settle(preview, lambda: base.write_text(broken, encoding="utf-8"))
        assert state["error"]["file"] == "templates/base.html" and state["error"]["line"] == after + 1
        assert "templates/base.html:" in preview.wait_for_line("error:")
        assert fetch(preview.url + "/") == (200, fetch(preview.url + "/")[1], good_page)
        fixed = original.replace("</footer>", '<p id="preview-fixed">修复</p>\n</footer>')
        state = settle(preview, lambda: base.write_text(fixed, encoding="utf-8"))
        assert state["error"] is None
        assert 'id="preview-fixed"' in fetch(preview.url + "/")[2]
    finally:
        settle(preview, lambda: base.write_text(original, encoding="utf-8"))


def test_a_broken_glossary_is_a_warning_and_the_site_still_builds(preview):
    glossary = preview.project / "site_src" / "glossary.toml"
    original = glossary.read_bytes()
    try:
        state = settle(preview, lambda: glossary.write_bytes(original + b"\n[[term]]\nterm = \n"))
        assert state["error"] is None
        assert [w for w in state["warnings"] if w.startswith("glossary.toml") and "not valid TOML" in w]
        assert "warning: glossary.toml" in preview.wait_for_line("warning:")
        assert fetch(preview.url + "/")[0] == 200
    finally:
        state = settle(preview, lambda: glossary.write_bytes(original))
    assert state["warnings"] == [] and fetch(preview.url + "/glossary/")[0] == 200


def test_the_open_page_reloads_itself_after_a_seed_is_saved(preview, page):
    from playwright.sync_api import expect

    seed, encoding, report_id = one_report_seed(preview.project, "output-preview")
    original = seed.read_bytes()
    sentence = "浏览器应当自动看到这句话。"
    page.goto(f"{preview.url}/reports/{report_id}/")
    page.evaluate("window.notReloadedYet = true")
    try:
        settle(preview, lambda: seed.write_bytes(with_sentence(original, encoding, sentence)))
        expect(page.locator("main")).to_contain_text(sentence)
        assert page.evaluate("window.notReloadedYet === undefined")
    finally:
        settle(preview, lambda: seed.write_bytes(original))
    expect(page.locator("main")).not_to_contain_text(sentence)
    assert page.errors == []


def test_the_browser_shows_a_failed_rebuild_and_recovers(preview, page):
    from playwright.sync_api import expect

    base = preview.project / "templates" / "base.html"
    original = base.read_text(encoding="utf-8")
    broken = original.replace("</main>", "</main>\n{% endif %}{# stray #}")
    line = broken.splitlines().index("{% endif %}{# stray #}") + 1
    page.goto(preview.url + "/regions/")
    try:
        settle(preview, lambda: base.write_text(broken, encoding="utf-8"))
        expect(page.locator("#gwr-preview-error")).to_contain_text(f"templates/base.html:{line}")
        expect(page.locator("main h1")).to_be_visible()  # the last good page, under the message
        fixed = original.replace("</footer>", '<p id="preview-fixed">修复</p>\n</footer>')
        settle(preview, lambda: base.write_text(fixed, encoding="utf-8"))
        expect(page.locator("#preview-fixed")).to_be_visible()
        expect(page.locator("#gwr-preview-error")).to_have_count(0)
    finally:
        settle(preview, lambda: base.write_text(original, encoding="utf-8"))
    assert page.errors == []


# --- its own process ---------------------------------------------------------------------------

@pytest.fixture
def small_project(tmp_path):
    """The project with a single seed, for tests that start and stop their own server."""
    seeds = sorted((ROOT / "seeds").iterdir())[:1]
    return copy_project(tmp_path / "project", seeds)


def test_ctrl_c_stops_the_preview_cleanly(small_project):
    preview = PreviewProcess(small_project)
    assert fetch(preview.url + "/")[0] == 200
    assert preview.stop() == 0
    assert preview.wait_for_line("stopped")
    with pytest.raises(OSError):
        urllib.request.urlopen(preview.url + "/", timeout=10)


def test_ctrl_c_stops_a_preview_started_with_sigint_ignored(small_project):
    """A script's background job (`build.py serve &`) starts with SIGINT ignored."""
    preview = PreviewProcess(small_project, sigint_ignored=True)
    assert preview.stop() == 0
    assert preview.wait_for_line("stopped")


def test_a_code_change_is_checked_then_the_preview_restarts_itself(small_project):
    preview = PreviewProcess(small_project)
    try:
        code = small_project / "gwr" / "site" / "charts.py"
        original = code.read_text(encoding="utf-8")
        state = settle(preview, lambda: code.write_text(original + "\ndef broken(:\n", encoding="utf-8"))
        assert state["error"]["file"] == "gwr/site/charts.py"
        assert state["error"]["line"] == original.count("\n") + 2
        assert fetch(preview.url + "/")[0] == 200  # still serving
        stream = preview.events()
        session = stream.next_state()["session"]
        code.write_text(original + "\n# a harmless change\n", encoding="utf-8")
        with pytest.raises((EOFError, ConnectionError)):
            stream.until(lambda state: False)  # the old process closes its event streams
        preview.wait_for_line("code changed: restarting")
        assert preview.wait_for_line("serving ").endswith(f"{preview.url}/ (watching seeds, site_src, "
                                                         "templates, static and the code; Ctrl-C to stop)")
        assert preview.events().next_state()["session"] != session
    finally:
        assert preview.stop() == 0
