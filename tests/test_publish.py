"""Publishing: netlify.toml agrees with the README and build.py, and its headers hold in a
browser: every kind of page works under the Content-Security-Policy."""
import fnmatch
import re
import tomllib

import pytest

from gwr import config
from tests.harness import ROOT, QuietHandler, serving

NETLIFY = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_netlify_builds_as_the_readme_says_and_publishes_the_output_folder():
    assert NETLIFY["build"]["command"] == readme_commands()[0]
    assert NETLIFY["build"]["publish"] == config.load().out_dir.name == "output"
    assert (ROOT / "scripts" / "setup.sh").is_file()


def headers_for(path: str) -> dict[str, str]:
    """Netlify's rule: every [[headers]] block whose `for` pattern matches, later ones winning."""
    found: dict[str, str] = {}
    for block in NETLIFY["headers"]:
        if fnmatch.fnmatchcase(path, block["for"]):
            found.update(block["values"])
    return found


def test_every_path_gets_the_security_headers():
    for path in ["/", "/reports/x/", "/static/site.css", "/search/index.json"]:
        headers = headers_for(path)
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


@pytest.fixture(scope="module")
def hosted_url(seed_build):
    """The built site served with netlify.toml's headers, as the host would."""
    out, _ = seed_build

    class HostHandler(QuietHandler):
        def end_headers(self):
            for name, value in headers_for(self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (out / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(out, HostHandler) as url:
        yield url


def page_of_each_kind(out) -> list[str]:
    def first(pattern: str) -> str:
        return "/" + sorted(p.relative_to(out).as_posix() for p in out.glob(pattern))[0].removesuffix("index.html")
    return ["/", first("reports/*/index.html"), "/regions/", first("regions/*/index.html"),
            first("regions/*/compare/index.html"), first("years/*/index.html"), "/targets/", "/glossary/",
            first("glossary/*/index.html"), "/about/", "/data/", "/method/", "/search/?q=经济发展"]


CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_every_kind_of_page_works_under_the_content_security_policy(seed_build, hosted_url, page):
    out, _ = seed_build
    page.add_init_script(CSP_WATCH)
    for path in page_of_each_kind(out):
        response = page.goto(hosted_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        if path.startswith("/search/"):
            page.locator("#results .result-group").first.wait_for()
        if path.startswith("/reports/"):
            page.locator("#show-kw").check()  # scripts that run on interaction too
            page.locator("p.para > a.pilcrow").first.click()
            page.locator("#cite-box").wait_for(state="visible")
        assert page.evaluate("window.cspViolations") == [], path
    assert page.errors == []
    response = page.goto(hosted_url + "/no/such/page/")
    assert response.status == 404 and "页面不存在" in page.title()
    assert page.evaluate("window.cspViolations") == []
    assert [e for e in page.errors if "404" not in e] == []
