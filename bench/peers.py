"""Peer static site generators on the same synthetic corpus as bench/scale_bench.py: each builds
the corpus's Markdown pages (bench/corpus.py writes them) cold, in a new process, and we measure
wall time, ms per page (one Markdown page per report), peak memory of the process tree (sampled
every 20 ms from /proc, as scale_bench does), output size, search index size raw and gzipped,
and the hits of scale_bench.QUERIES against the corpus's truth. Prints Markdown tables; asserts
nothing.

    .venv/bin/python bench/corpus.py 100 /tmp/gwr-bench/corpus-100
    .venv/bin/python bench/peers.py /tmp/gwr-bench/corpus-100 [--work DIR]

WORK (default $GWR_BENCH_DIR or /tmp/gwr-bench) holds a venv of its own for the peers,
WORK/peers-venv, made once from bench/peers-requirements.txt (again when that file changes), so
the project's .venv never sees them, and one project folder per peer under WORK/peers/.

Peers, themes and settings left at their defaults except where said:
- MkDocs, default theme, built-in search (lang en, the default: lunr splits on whitespace and
  hyphens, and its trimmer strips everything but [A-Za-z0-9_] from both ends of a token, so a run
  of Han characters becomes an empty token: Chinese text is not indexed). lang: zh would not help:
  MkDocs' lunr.zh.js requires @node-rs/jieba, which a browser does not have.
  The reports are under docs/reports/ and the nav holds the home page alone (a nav of every page
  would list every page on every page, and the output would grow with the square of the corpus).
- MkDocs + Material, theme language zh and `plugins: - search: lang: zh` (Material's docs): with
  jieba installed the plugin segments Han text at build time and joins the words with U+200B,
  which the zh separator splits on; in the browser Material segments the query greedily against
  the index's terms, and its lunr query ORs the terms (each with a trailing wildcard).
- Pelican, default theme, DEFAULT_LANG = "zh" (so pages say <html lang="zh">) and
  SLUGIFY_SOURCE = "basename" (pages named after the report files); no search.
- Pagefind (the extended build, the one that segments Chinese into words) over Pelican's
  output, --force-language zh; its time is the indexing alone. "Pelican + Pagefind" adds the
  two runs (peak: the larger of the two) and measures the combined output.

Hits use each peer's own search code: bench/peers_hits.js runs in headless Chromium on the
served site and sends every query, as typed, to the peer's shipped search: the MkDocs theme's
search/worker.js, Material's search worker (index posted as its bundle posts it), Pagefind's
pagefind.js. A cell reads "true/truth (returned)": pages returned that are reports whose text
holds the query / reports whose truth text holds it (query in “” is one phrase, otherwise all
words, as scale_bench counts) / report pages returned. Pages that are not reports (Pelican's
index, archives, category, tag and author pages, which Pagefind indexes too) are counted apart.

Search index: MkDocs and Material: search/search_index.json; Pagefind: pagefind-entry.json,
*.pf_meta, index/, fragment/ and filter/ (not its JS, WASM or UI files). Pagefind writes its
files gzipped: "raw" is their decompressed size, "gzipped" their size on disk.

Importable: bench_peers(corpus, work) -> list of dicts, print_table(results).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from scale_bench import QUERIES, WORK, folder_bytes, holds, index_sizes, timed_run  # noqa: E402
from search_browser import serve  # noqa: E402

REQUIREMENTS = BENCH / "peers-requirements.txt"
HITS_JS = BENCH / "peers_hits.js"
CHROMIUM = "/usr/bin/chromium"
PACKAGES = ("mkdocs", "mkdocs-material", "jieba", "pelican", "markdown", "pygments", "pagefind",
            "pagefind-bin-extended")
REPORT = re.compile(r"r\d{5}")  # bench/corpus.py names report files r00000.md …
MIB = 1024 * 1024


# --- running and measuring ------------------------------------------------------------------

# --- the peers' venv ------------------------------------------------------------------------

def peers_python(work: Path) -> Path:
    """WORK/peers-venv's python, made (or remade) when bench/peers-requirements.txt differs from
    the copy installed with it."""
    venv = work / "peers-venv"
    python, stamp = venv / "bin" / "python", venv / "peers-requirements.txt"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    print(f"making {venv} from {REQUIREMENTS.name} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(wanted, encoding="utf-8")
    return python


def versions(python: Path) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({p: m.version(p) for p in sys.argv[1:]}))")
    return json.loads(subprocess.run([str(python), "-c", code, *PACKAGES], capture_output=True, text=True,
                                     check=True).stdout)


# --- project folders ------------------------------------------------------------------------

def fresh_project(work: Path, name: str, corpus: Path, link: str) -> Path:
    """An empty WORK/peers/NAME with the corpus's markdown/ linked in as LINK."""
    folder = work / "peers" / name
    shutil.rmtree(folder, ignore_errors=True)
    (folder / link).parent.mkdir(parents=True)
    (folder / link).symlink_to((corpus / "markdown").resolve(), target_is_directory=True)
    return folder


def mkdocs_project(work: Path, corpus: Path, material: bool) -> Path:
    """The reports under docs/reports/, and a home page that is the whole nav: without a nav
    every page would list every other, and the site would grow with the square of the corpus."""
    folder = fresh_project(work, "material" if material else "mkdocs", corpus, "docs/reports")
    (folder / "docs" / "index.md").write_text("# GWR peers benchmark\n", encoding="utf-8")
    theme = ("theme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n" if material
             else "theme:\n  name: mkdocs\n")
    (folder / "mkdocs.yml").write_text(f"site_name: GWR peers benchmark\nnav:\n  - index.md\n{theme}", encoding="utf-8")
    return folder


def pelican_project(work: Path, corpus: Path) -> Path:
    folder = fresh_project(work, "pelican", corpus, "content")
    (folder / "pelicanconf.py").write_text(
        'AUTHOR = "bench"\nSITENAME = "GWR peers benchmark"\nSITEURL = ""\nPATH = "content"\n'
        'OUTPUT_PATH = "output"\nTIMEZONE = "Asia/Shanghai"\nDEFAULT_LANG = "zh"\n'
        'SLUGIFY_SOURCE = "basename"\n', encoding="utf-8")
    return folder


# --- searching in the browser ---------------------------------------------------------------

def browser_search(site: Path, peer: str, *args: str) -> dict[str, list[str]]:
    """{query: URLs returned} from window.peerHits[peer](QUERIES, *args) (bench/peers_hits.js),
    run in headless Chromium on a blank page of the site served on 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    blank = f"{base}/__peers_bench__.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.route(blank, lambda route: route.fulfill(body="<!doctype html><title>bench</title>",
                                                          content_type="text/html"))
            page.goto(blank)
            page.add_script_tag(path=str(HITS_JS))
            found = page.evaluate("([peer, queries, args]) => window.peerHits[peer](queries, ...args)",
                                  [peer, list(QUERIES), list(args)])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def score(found: dict[str, list[str]], truth: list[dict]) -> dict[str, str]:
    """One cell per query: "true/truth (report pages returned)", plus other pages if any."""
    texts = {t["file"]: t["text"] for t in truth}
    cells = {}
    for query in QUERIES:
        pages = {url.split("#")[0] for url in found[query]}
        reports = {m.group(0) for m in map(REPORT.search, pages) if m}
        correct = sum(1 for r in reports if holds(query, texts[r]))
        expected = sum(1 for text in texts.values() if holds(query, text))
        others = len(pages) - len(reports)
        cells[query] = f"{correct}/{expected} ({len(reports)})" + (f" +{others} other pages" if others else "")
    return cells


# --- the peers ------------------------------------------------------------------------------

def result(peer: str, pages: int, seconds: float, peak: int, output: int, index: tuple[int, int] | None,
           hits: dict[str, str] | None, note: str = "") -> dict:
    return {"peer": peer, "pages": pages, "seconds": seconds, "peak": peak, "output": output,
            "index": index, "hits": hits, "note": note}


def bench_mkdocs(python: Path, work: Path, corpus: Path, truth: list[dict], material: bool) -> dict:
    folder = mkdocs_project(work, corpus, material)
    seconds, peak = timed_run([str(python), "-m", "mkdocs", "build", "--quiet"], cwd=folder)
    site = folder / "site"
    index = index_sizes([site / "search" / "search_index.json"])
    if material:
        worker = next(site.glob("assets/javascripts/workers/search.*.min.js")).relative_to(site)
        found = browser_search(site, "material", "/" + worker.as_posix())
        return result("MkDocs + Material (search lang zh, jieba)", len(truth), seconds, peak, folder_bytes(site),
                      index, score(found, truth))
    found = browser_search(site, "mkdocs")
    return result("MkDocs (default theme, search lang en)", len(truth), seconds, peak, folder_bytes(site), index,
                  score(found, truth), "MkDocs' lunr index has no Chinese tokenizer: Han text is not indexed")


def bench_pelican_pagefind(python: Path, work: Path, corpus: Path, truth: list[dict]) -> list[dict]:
    folder = pelican_project(work, corpus)
    seconds, peak = timed_run([str(python), "-m", "pelican", "--quiet", "-s", "pelicanconf.py"], cwd=folder)
    site = folder / "output"
    pelican = result("Pelican (default theme)", len(truth), seconds, peak, folder_bytes(site), None, None,
                     "no search")
    pf_seconds, pf_peak = timed_run([str(python), "-m", "pagefind", "--site", str(site), "--force-language", "zh",
                                     "--quiet"])
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file() and
             (p.name == "pagefind-entry.json" or p.suffix == ".pf_meta" or p.parent.name in ("index", "fragment",
                                                                                            "filter"))]
    index = index_sizes(files)
    hits = score(browser_search(site, "pagefind"), truth)
    return [pelican,
            result("Pagefind (extended, zh) over Pelican's output", len(truth), pf_seconds, pf_peak,
                   folder_bytes(bundle), index, hits, "indexing alone; output is the pagefind/ bundle"),
            result("Pelican + Pagefind", len(truth), seconds + pf_seconds, max(peak, pf_peak), folder_bytes(site),
                   index, None, "hits as Pagefind's")]


def bench_peers(corpus: Path, work: Path = WORK) -> list[dict]:
    """Builds the corpus with every peer; one dict per row of print_table."""
    python = peers_python(work)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    results = [bench_mkdocs(python, work, corpus, truth, material=False),
               bench_mkdocs(python, work, corpus, truth, material=True),
               *bench_pelican_pagefind(python, work, corpus, truth)]
    used = versions(python)
    for r in results:
        r["versions"] = used
    return results


# --- printing -------------------------------------------------------------------------------

def mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


def print_table(results: list[dict]) -> None:
    used = results[0]["versions"]
    print(f"machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
          f"{platform.python_version()}; Chromium {CHROMIUM} for the hits")
    print("versions: " + ", ".join(f"{name} {version}" for name, version in used.items()))
    print(f"\n{results[0]['pages']} Markdown pages (one per report)\n")
    print("| peer | wall | ms/page | peak memory | output | search index raw / gzipped | note |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        index = f"{mib(r['index'][0])} / {mib(r['index'][1])}" if r["index"] else "—"
        print(f"| {r['peer']} | {r['seconds']:.2f} s | {1000 * r['seconds'] / r['pages']:.1f} "
              f"| {r['peak'] / MIB:.0f} MiB | {mib(r['output'])} | {index} | {r['note']} |")
    searched = [r for r in results if r["hits"]]
    print("\nqueries, each peer's own search: pages returned that are reports holding the query / reports "
          "holding it (report pages returned); " + ", ".join(r["peer"] for r in results if not r["hits"])
          + ": — (see note)")
    print("| query | " + " | ".join(r["peer"] for r in searched) + " |")
    print("| --- |" + " --- |" * len(searched))
    for query in QUERIES:
        print(f"| {query} | " + " | ".join(r["hits"][query] for r in searched) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder made by bench/corpus.py")
    parser.add_argument("--work", type=Path, default=WORK, help=f"where the venv and projects go (default {WORK})")
    args = parser.parse_args()
    print_table(bench_peers(args.corpus.resolve(), args.work.resolve()))


if __name__ == "__main__":
    main()
