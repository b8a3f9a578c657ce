"""Save-to-served latency of `python build.py serve`.

Copies the project to a temporary folder, starts the preview there, and for each kind of edit
(a seed holding one report, a template, the stylesheet) saves the file ROUNDS times and
measures the time from the save to the changed file being served, as a browser would see it
after the reload signal. Prints the figures; asserts nothing.

    .venv/bin/python bench/preview_bench.py [ROUNDS]
"""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_copy(target: Path) -> Path:
    for part in ["build.py", "gwr", "templates", "static", "site_src", "seeds"]:
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
        copy(ROOT / part, target / part)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


class Server:
    def __init__(self, project: Path):
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "build.py", "serve", "--port", "0"], cwd=project,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.build_times = []
        line = self.wait_for("serving http://")
        self.start_seconds = time.perf_counter() - started
        self.host, self.port = re.search(r"http://([\d.]+):(\d+)", line).groups()

    def wait_for(self, text: str) -> str:
        while text not in (line := self.lines.get(timeout=300)):
            pass
        return line

    def get(self, path: str) -> str:
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=120)
        connection.request("GET", path)
        body = connection.getresponse().read().decode("utf-8")
        connection.close()
        return body

    def saved_and_served(self, path: Path, content: bytes, url: str, expected: str) -> float:
        """Seconds from saving `content` to `url` being served with `expected` in it."""
        events = http.client.HTTPConnection(self.host, int(self.port), timeout=120)
        events.request("GET", "/__gwr/events")
        stream = events.getresponse()
        before = self.next_state(stream)
        while not self.lines.empty():
            self.lines.get_nowait()
        started = time.perf_counter()
        path.write_bytes(content)
        while (state := self.next_state(stream))["build"] == before["build"] and not state["error"]:
            pass
        body = self.get(url)
        elapsed = time.perf_counter() - started
        events.close()
        if state["error"] or expected not in body + re.sub(r"<[^>]+>", "", body):  # marks wrap numbers
            raise SystemExit(f"the change did not reach {url}: {state}")
        self.build_times.append(float(re.search(r"built in ([\d.]+) s", self.wait_for("built in")).group(1)))
        return elapsed

    @staticmethod
    def next_state(stream) -> dict:
        while not (line := stream.fp.readline().decode("utf-8")).startswith("data: "):
            if not line:
                raise SystemExit("the event stream ended")
        return json.loads(line[len("data: "):])

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)


def one_report_seed(project: Path) -> tuple[Path, str, str]:
    report = json.loads((project / "output" / "data" / "build-report.json").read_text(encoding="utf-8"))
    entry = next(f for f in report["files"] if len(f["documents"]) == 1
                 and not f["documents"][0]["id"].startswith("news-"))
    return project / "seeds" / entry["file"], entry["encoding"], entry["documents"][0]["id"]


def measure(server: Server, label: str, path: Path, edits, url: str) -> None:
    original = path.read_bytes()
    server.build_times = []
    times = [server.saved_and_served(path, content, url, expected) for content, expected in edits(original)]
    server.saved_and_served(path, original, url, "")
    print(f"{label}: save to served median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(rebuild itself median {statistics.median(server.build_times[:-1]) * 1000:.0f} ms; {len(times)} saves)")


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = project_copy(Path(folder))
        server = Server(project)
        print(f"first build and serve: {server.start_seconds:.2f} s")
        try:
            seed, encoding, report_id = one_report_seed(project)

            def seed_edits(original: bytes):
                text = original.decode(encoding)
                at = text.index("。", len(text) // 2) + 1
                for n in range(rounds):
                    sentence = f"基准测试第{n + 1}次修改。"
                    yield (text[:at] + sentence + text[at:]).encode(encoding), sentence

            def template_edits(original: bytes):
                for n in range(rounds):
                    marker = f"<!-- bench {n + 1} -->"
                    yield original.replace(b"{% block main %}", b"{% block main %}" + marker.encode(), 1), marker

            def stylesheet_edits(original: bytes):
                for n in range(rounds):
                    marker = f"/* bench {n + 1} */"
                    yield original + f"\n{marker}\n".encode(), marker

            measure(server, "one seed (one report) changed", seed, seed_edits, f"/reports/{report_id}/")
            measure(server, "report template changed", project / "templates" / "report.html", template_edits,
                    f"/reports/{report_id}/")
            measure(server, "stylesheet changed", project / "static" / "site.css", stylesheet_edits,
                    "/static/site.css")
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
