"""Publishing: netlify.toml agrees with the README and build.py; its headers hold in a browser
(every kind of page works under the Content-Security-Policy); assets are named by their
content; redirects lead to real pages; a build for a sub-path works under that sub-path."""
import fnmatch
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gwr import config
from gwr.build.pipeline import build
from gwr.digest import digest
from gwr.site.assets import HASH_LENGTH
from tests.harness import asset_file, ROOT, QuietHandler, broken_links, crawl_site, serving

NETLIFY = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
NETLIFY_DEFAULT_CACHE = "public, max-age=0, must-revalidate"  # what Netlify sends without a rule
SUBPATH = config.BaseUrl.parse("https://example.org/gwr/", "test")


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_netlify_builds_as_the_readme_says_and_publishes_the_output_folder():
    assert NETLIFY["build"]["command"] == readme_commands()[0]
    assert NETLIFY["build"]["publish"] == config.load().out_dir.name == "output"
    assert (ROOT / "scripts" / "setup.sh").is_file()


def headers_for(path: str) -> dict[str, str]:
    """The headers Netlify sends for path: those of every [[headers]] rule whose `for` matches.
    Netlify joins the values of a header set by two matching rules, which is never wanted."""
    found: dict[str, str] = {}
    for block in NETLIFY["headers"]:
        if fnmatch.fnmatchcase(path, block["for"]):
            twice = set(found) & set(block["values"])
            assert not twice, f"{path}: {sorted(twice)} set by more than one rule"
            found.update(block["values"])
    found.setdefault("Cache-Control", NETLIFY_DEFAULT_CACHE)
    return found


def test_every_path_gets_the_security_headers_and_a_caching_rule_for_its_kind(seed_build):
    out, _ = seed_build
    for path in ["/", "/reports/x/", "/static/site.0123456789.css", "/data/reports.json", "/feed.xml"]:
        headers = headers_for(path)
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
    assert "immutable" in headers_for("/static/site.0123456789.css")["Cache-Control"]
    for path in ["/", "/reports/x/", "/search/", "/data/reports.json"]:
        assert re.search(r"max-age=(\d+)", headers_for(path)["Cache-Control"]).group(1) in ("0", "300"), path


def test_assets_are_named_by_their_content_and_pages_load_only_those(seed_build):
    out, _ = seed_build
    static = sorted(p for p in (out / "static").iterdir() if p.is_file())
    assert len(static) >= 8  # stylesheet, three scripts, lunr.js, icon, search manifest and folding table
    for asset in static + sorted((out / "static" / "search").iterdir()):
        stem, hashed = asset.name.split(".")[:2]
        assert hashed == digest(asset.read_bytes())[:HASH_LENGTH], asset.name
    loaded = {link for page in crawl_site(out).values() for link in page.links
              if urlsplit(link).path.endswith((".css", ".js", ".svg", ".json")) and not link.startswith("/data/")}
    assert loaded == {"/static/" + p.name for p in static}
    # The search manifest names every shard, and nothing else is there.
    manifest = json.loads(asset_file(out, "search-manifest.json").read_text(encoding="utf-8"))
    named = {f"{manifest['shard_path']}{b}.{h}.json.gz" for b, h in manifest["shards"].items()}
    assert named == {"/static/search/" + p.name for p in (out / "static" / "search").iterdir()}


def test_every_redirect_leads_to_a_page_of_the_site(seed_build):
    out, _ = seed_build
    examples = {"/report/*": sorted(p.name for p in (out / "reports").iterdir())[0] + "/",
                "/region/*": sorted(p.name for p in (out / "regions").iterdir() if p.is_dir())[0] + "/",
                "/year/*": sorted(p.name for p in (out / "years").iterdir())[0] + "/",
                "/term/*": sorted(p.name for p in (out / "glossary").iterdir() if p.is_dir())[0] + "/"}
    for rule in NETLIFY["redirects"]:
        source, target = rule["from"], rule["to"]
        assert rule["status"] == 301
        if source.endswith("*"):
            target = target.replace(":splat", examples[source])
        else:  # a file at the old address would be served instead of the redirect
            assert not (out / source.lstrip("/") / "index.html").exists() and not (out / source.lstrip("/")).is_file()
        landing = out / target.lstrip("/")
        assert (landing / "index.html" if target.endswith("/") else landing).is_file(), rule


def host_handler(site_root: Path, base: config.BaseUrl):
    """A handler that serves a built site as the host would: netlify.toml's headers, the 404 page."""

    class HostHandler(QuietHandler):
        def end_headers(self):
            path = "/" + self.path.split("?")[0].removeprefix(base.path)
            for name, value in headers_for(path).items():
                self.send_header(name, value)
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site_root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return HostHandler


@pytest.fixture(scope="module")
def subpath_build(tmp_path_factory):
    """The seeds built for https://example.org/gwr/, in a folder served as the host's root."""
    root = tmp_path_factory.mktemp("host")
    out = root / "gwr"
    build(config.load(str(ROOT / "seeds"), str(out), base_url=str(SUBPATH)))
    return root, out


@pytest.fixture(scope="module", params=["root", "subpath"])
def hosted(request, seed_build, subpath_build):
    """(address of the site, its output folder), served with netlify.toml's headers: the build
    of the seeds at the root of the host, and the build for /gwr/ under /gwr/."""
    if request.param == "root":
        out, _ = seed_build
        with serving(out, host_handler(out, config.BaseUrl())) as url:
            yield url, out
    else:
        root, out = subpath_build
        with serving(root, host_handler(out, SUBPATH)) as url:
            yield url + SUBPATH.path.rstrip("/"), out


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


def test_every_kind_of_page_works_under_the_content_security_policy(hosted, page):
    site, out = hosted
    page.add_init_script(CSP_WATCH)
    for path in page_of_each_kind(out):
        response = page.goto(site + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        if path.startswith("/search/"):
            page.locator("#results .result-group").first.wait_for()
        if path.startswith("/reports/"):
            page.locator("#show-kw").check()  # scripts that run on interaction too
            page.locator("p.para > a.pilcrow").first.click()
            page.locator("#cite-box").wait_for(state="visible")
        assert page.evaluate("window.cspViolations") == [], path
    assert page.errors == []
    response = page.goto(site + "/no/such/page/")
    assert response.status == 404 and "页面不存在" in page.title()
    page.get_by_role("link", name="报告总览").last.click()  # the 404 page leads back, also under a sub-path
    page.wait_for_url(site + "/")
    assert page.evaluate("window.cspViolations") == []
    assert [e for e in page.errors if "404" not in e] == []


def test_a_search_result_leads_to_its_highlighted_paragraph_under_a_sub_path(subpath_build, page):
    root, _ = subpath_build
    with serving(root) as url:
        page.goto(url + "/gwr/search/?q=" + "八八战略")
        first = page.locator("a.result-link").first
        first.wait_for()
        assert first.get_attribute("href").startswith("/gwr/reports/")
        first.click()
        page.wait_for_selector("mark.hl")  # the report page loaded the fold table from /gwr/static/
        assert page.url.startswith(url + "/gwr/reports/") and page.locator("mark.hl").first.inner_text() == "八八战略"
    assert page.errors == []


def test_a_sub_path_build_has_no_broken_links(subpath_build):
    _, out = subpath_build
    pages = crawl_site(out)
    assert broken_links(out, pages, SUBPATH) == []
    canonical = {link for page in pages.values() for link in page.links if link.startswith("https://")}
    assert len(canonical) == len(pages) - 1  # every page but the 404 page names its address
    assert "/gwr/" in (out / "data" / "reports.json").read_text(encoding="utf-8")


def test_sitemap_feed_and_robots_give_addresses_under_the_base_url(subpath_build):
    _, out = subpath_build
    addresses = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    feed = ET.parse(out / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert entries and all(e.find(f"{atom}id").text and e.find(f"{atom}updated").text for e in entries)
    addresses += [e.find(f"{atom}link").get("href") for e in entries]
    assert len(addresses) > 100
    for address in addresses:
        assert address.startswith(str(SUBPATH)), address
        path = address.removeprefix(str(SUBPATH))
        assert (out / path / "index.html").is_file(), address
    assert (out / "404.html").is_file() and str(SUBPATH) + "404.html" not in addresses
    assert f"Sitemap: {SUBPATH}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
