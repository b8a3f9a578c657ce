"""Save-to-served latency of `python build.py serve`.

Copies the project to a temporary folder, starts the preview there, and for each kind of edit
(a seed holding one report, a template, the stylesheet) saves the file ROUNDS times and
measures the time from the save to the changed file being served, as a browser would see it
after the reload signal. Prints the figures; asserts nothing.

    .venv/bin/python bench/preview_bench.py [ROUNDS]
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.harness import PreviewProcess, copy_project, one_report_seed, with_sentence  # noqa: E402


def fetch(server: PreviewProcess, url: str) -> str:
    with urllib.request.urlopen(server.url + url, timeout=120) as response:
        return response.read().decode("utf-8")


def stylesheet_url(server: PreviewProcess) -> str:
    """The stylesheet's name carries a hash of its content: the page (here, the manifest) says which."""
    return "/" + json.loads(fetch(server, "/data/assets.json"))["site.css"]


def saved_and_served(server: PreviewProcess, path: Path, content: bytes, url, expected: str) -> tuple[float, float]:
    """(seconds from saving `content` to the page at `url` (a path, or a function giving it once
    the rebuild is announced) served with `expected` in it, the rebuild's own seconds)."""
    stream = server.events()
    before = stream.next_state()
    server.drain()
    started = time.perf_counter()
    path.write_bytes(content)
    state = stream.until(lambda s: s != before)
    url = url(server) if callable(url) else url
    body = fetch(server, url)
    elapsed = time.perf_counter() - started
    stream.close()
    if state["error"] or expected not in body + re.sub(r"<[^>]+>", "", body):  # marks wrap numbers
        raise SystemExit(f"the change did not reach {url}: {state}")
    rebuild = float(re.search(r"built in ([\d.]+) s", server.wait_for_line("built in")).group(1))
    return elapsed, rebuild


def measure(server: PreviewProcess, label: str, path: Path, edits, url) -> None:
    original = path.read_bytes()
    runs = [saved_and_served(server, path, content, url, expected) for content, expected in edits(original)]
    saved_and_served(server, path, original, url, "")
    times, rebuilds = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{label}: save to served median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(rebuild itself median {statistics.median(rebuilds) * 1000:.0f} ms; {len(times)} saves)")


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        started = time.perf_counter()
        server = PreviewProcess(project)
        print(f"first build and serve: {time.perf_counter() - started:.2f} s")
        try:
            seed, encoding, report_id = one_report_seed(project, "output-preview")
            sentences = [f"基准测试第{n + 1}次修改。" for n in range(rounds)]
            comments = [f"<!-- bench {n + 1} -->" for n in range(rounds)]
            css_comments = [f"/* bench {n + 1} */" for n in range(rounds)]
            measure(server, "one seed (one report) changed", seed,
                    lambda data: [(with_sentence(data, encoding, s), s) for s in sentences],
                    f"/reports/{report_id}/")
            measure(server, "report template changed", project / "templates" / "report.html",
                    lambda data: [(data.replace(b"{% block main %}", b"{% block main %}" + c.encode(), 1), c)
                                  for c in comments],
                    f"/reports/{report_id}/")
            measure(server, "stylesheet changed", project / "static" / "site.css",
                    lambda data: [(data + f"\n{c}\n".encode(), c) for c in css_comments], stylesheet_url)
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
