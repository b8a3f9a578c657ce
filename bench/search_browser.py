"""The first search on a built site, in headless Chromium (Debian's package), cold cache.

Serves OUTPUT_DIR itself on 127.0.0.1 (a free port) and, for each query, opens the search page
twice, each time in a new browser context (empty cache, nothing loaded yet):

  url    /search/?q=<query>, as a reader arrives from the search form of another page (the page
         reads ?q= and searches at once). Measured: navigation start (performance.timeOrigin) to
         the results shown, that is, to the first animation frame after #summary names the query.
  typed  /search/, then the query put in #q as an input method commits it (focus, then one input
         event). Measured: the input event to the results shown; this includes the 120 ms the
         page waits for typing to pause and, as focus comes only a moment before the input, the
         manifest and fold table downloads that a slower reader's focus would start earlier.

Both times are read inside the page (performance.now(), a MutationObserver on #summary), so they
hold no polling delay; "page" is the page's own figure (#summary data-ms: search and rendering).

Index bytes are what the url run fetched before its results were shown (Resource Timing entries
that started before then): the manifest and fold table, the index shards
(static/search/<bucket>.<hash>.json.gz) and the report pages whose sections results show,
each counted as its served file compressed with gzip level 6 (the benchmark's server sends files
uncompressed; a real host would gzip them). Scripts, styles and the page itself are not counted.

Run (build first; nice, as the machine is shared):
    nice .venv/bin/python build.py --out /tmp/sb-out
    nice .venv/bin/python bench/search_browser.py /tmp/sb-out [query ...]
"""
import functools
import gzip
import http.server
import json
import re
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import quote, unquote

from playwright.sync_api import sync_playwright

QUERIES = ["营商环境", "高质量发展", "乡村振兴", "新质生产力", "数字经济", "最多跑一次", "疫情防控"]
TIMEOUT_MS = 120_000
TARGET_MS = 1500  # from page load to results, at 1,000 reports
TARGET_BYTES = 3 * 1000 * 1000  # index fetched by a first search, gzipped, at 1,000 reports

# Installed before the page's own scripts: records when #q gets focus, its last input event, and
# when #summary first names the query with the page's figures set (dom) and the next frame (shown).
PROBE = """(query) => {
  performance.setResourceTimingBufferSize(100000);
  const bench = window.__bench = { focus: null, input: null, dom: null, shown: null };
  const observer = new MutationObserver(function () {
    const summary = document.getElementById("summary");
    if (!summary || bench.dom !== null) return;
    if (summary.textContent.indexOf("\u201c" + query + "\u201d") === -1 || !summary.dataset.ms) return;
    bench.dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(function () { bench.shown = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener("focusin", function (e) {
    if (e.target.id === "q" && bench.focus === null) bench.focus = performance.now();
  }, true);
  document.addEventListener("input", function (e) { if (e.target.id === "q") bench.input = performance.now(); }, true);
}"""

# Read once the results are shown: the probe's times, what the page shows, what it fetched until then.
READ = """() => {
  const bench = window.__bench;
  const summary = document.getElementById("summary");
  const fetched = performance.getEntriesByType("resource")
    .filter(function (e) { return e.startTime <= bench.dom; })
    .map(function (e) { return new URL(e.name).pathname; });
  return { bench: bench, pageMs: Number(summary.dataset.ms), sections: Number(summary.dataset.count),
           reports: document.querySelectorAll("#results .result-group").length,
           summary: summary.textContent, fetched: fetched };
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser closing a connection
            super().handle_error(request, client_address)


def serve(root: Path):
    """root served quietly on a free port of 127.0.0.1, in a thread: (server, base URL)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class Site:
    """The built site's search data: where each file of it is, and its gzipped size."""

    def __init__(self, root: Path):
        self.root = root
        html = (root / "search" / "index.html").read_text(encoding="utf-8")
        self.manifest_url = re.search(r'data-manifest="([^"]+)"', html).group(1)
        self.fold_url = re.search(r'data-fold="([^"]+)"', html).group(1)
        self.manifest = json.loads(self.file(self.manifest_url).read_bytes())
        m = self.manifest
        self.texts = {f"{m['report_path']}{r[0]}/" for r in m["reports"]}  # the pages results are read from
        self.shards = {f"{m['shard_path']}{b}.{h}.json.gz" for b, h in m["shards"].items()}
        self.sizes = {}

    def file(self, url_path: str) -> Path:
        path = self.root / unquote(url_path).lstrip("/")
        return path / "index.html" if url_path.endswith("/") else path

    def gz(self, url_path: str) -> int:
        if url_path not in self.sizes:  # index files are kept gzipped: sent as they are
            data = self.file(url_path).read_bytes()
            self.sizes[url_path] = len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, compresslevel=6))
        return self.sizes[url_path]

    def kind(self, url_path: str):
        if url_path in (self.manifest_url, self.fold_url):
            return "meta"
        if url_path in self.shards:
            return "shards"
        if url_path in self.texts:
            return "texts"
        if url_path.startswith(self.manifest["shard_path"]):
            return "other"  # under static/search/ but named by no manifest entry: should not happen
        return None  # the page, scripts, styles: not index

    def index_fetched(self, paths):
        """Requests and gzipped bytes per kind of index file, for the paths one search fetched."""
        split = {k: [0, 0] for k in ("meta", "shards", "texts", "other")}
        for path in paths:
            kind = self.kind(path)
            if kind:
                split[kind][0] += 1
                split[kind][1] += self.gz(path)
        return split


def first_search(browser, base: str, query: str, typed: bool) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(script=f"({PROBE})({json.dumps(query)})")
        if typed:
            page.goto(base + "/search/")
            page.fill("#q", query)
        else:
            page.goto(base + "/search/?q=" + quote(query))
        page.wait_for_function("() => window.__bench && window.__bench.shown !== null", timeout=TIMEOUT_MS)
        return page.evaluate(READ)
    finally:
        context.close()


def kib(n: float) -> str:
    return f"{n / 1024:.0f} KiB"


def main(root: Path, queries) -> None:
    site = Site(root)
    m = site.manifest
    print(f"corpus: {len(m['reports'])} reports (search-manifest 'reports'), {len(m['groups'])} groups "
          f"x {m['buckets']} buckets, {len(site.shards)} shard files; served from {root}")
    server, base = serve(root)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            try:
                for query in queries:
                    url = first_search(browser, base, query, typed=False)
                    typed = first_search(browser, base, query, typed=True)
                    split = site.index_fetched(url["fetched"])
                    total = sum(v[1] for v in split.values())
                    requests = sum(v[0] for v in split.values())
                    row = {"query": query, "load": url["bench"]["shown"], "page": url["pageMs"],
                           "typed": typed["bench"]["shown"] - typed["bench"]["input"], "typed_page": typed["pageMs"],
                           "reports": url["reports"], "sections": url["sections"], "bytes": total,
                           "requests": requests, "split": split}
                    rows.append(row)
                    same = sorted(f for f in typed["fetched"] if site.kind(f)) == sorted(
                        f for f in url["fetched"] if site.kind(f))
                    print(f"{query}: load→results {row['load']:.0f} ms (page {row['page']} ms); "
                          f"typed→results {row['typed']:.0f} ms (page {row['typed_page']} ms); "
                          f"{row['reports']} reports, {row['sections']} sections shown; "
                          f"index {kib(total)} gz in {requests} requests = manifest+fold {kib(split['meta'][1])} "
                          f"({split['meta'][0]}) + shards {kib(split['shards'][1])} ({split['shards'][0]}) "
                          f"+ texts {kib(split['texts'][1])} ({split['texts'][0]})"
                          + (f" + other {kib(split['other'][1])} ({split['other'][0]})" if split["other"][0] else "")
                          + ("" if same else "; the typed run fetched other index files"))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()

    loads = [r["load"] for r in rows]
    typed = [r["typed"] for r in rows]
    sizes = [r["bytes"] for r in rows]
    print(f"summary over {len(rows)} queries, each cold (new browser context):")
    print(f"  page load (navigation start) to results, ?q= in the URL: median {statistics.median(loads):.0f} ms, "
          f"max {max(loads):.0f} ms (target {TARGET_MS} ms: {'met' if max(loads) <= TARGET_MS else 'NOT met'} "
          f"by every query)")
    print(f"  typed (input event) to results: median {statistics.median(typed):.0f} ms, max {max(typed):.0f} ms "
          f"(includes the page's 120 ms typing pause)")
    print(f"  index fetched, gzipped: median {statistics.median(sizes) / 1e6:.2f} MB, max {max(sizes) / 1e6:.2f} MB "
          f"(target {TARGET_BYTES / 1e6:.0f} MB: {'met' if max(sizes) <= TARGET_BYTES else 'NOT met'} by every query); "
          f"requests median {statistics.median(r['requests'] for r in rows):.0f}, max {max(r['requests'] for r in rows)}")
    print("  results shown (reports / sections): " + ", ".join(f"{r['query']} {r['reports']}/{r['sections']}" for r in rows))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    main(Path(sys.argv[1]), sys.argv[2:] or QUERIES)
