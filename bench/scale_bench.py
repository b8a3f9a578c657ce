"""How the build scales: synthetic corpora of N reports (bench/corpus.py), built cold, rebuilt
with nothing changed and rebuilt after one seed changed, each as `python build.py` in a new
process; wall time, ms per report, peak memory of the build and its workers, output and
search index sizes, and the hits of a few queries against the truth. Prints a Markdown table;
asserts nothing.

    .venv/bin/python bench/scale_bench.py 100 1000      # corpora are made in /tmp/gwr-bench/
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("GWR_BENCH_DIR", "/tmp/gwr-bench"))
QUERIES = ("营商环境", "新质生产力", "高质量发展", "“放管服”改革", "乡村振兴")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def timed_build(seeds: Path, out: Path) -> tuple[float, int]:
    """(seconds, peak bytes of the build's process tree, sampled every 20 ms)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "build.py", "--seeds", str(seeds), "--out", str(out)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"build failed:\n{errors}")
    return time.perf_counter() - started, peak


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_sizes(out: Path) -> tuple[int, int]:
    raw = gz = 0
    for shard in (out / "static" / "search").glob("*-*.json"):
        data = shard.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return raw, gz


def query_hits(out: Path, truth: list[dict]) -> list[str]:
    """Reports found by the site's search code (verified on their text) against the reports
    whose text holds the query."""
    script = ROOT / "bench" / "query_hits.js"
    found = json.loads(subprocess.run(["node", str(script), str(out), *QUERIES], capture_output=True, text=True,
                                      check=True, cwd=ROOT).stdout)
    rows = []
    for query in QUERIES:
        words = [query.strip("“”")] if query.startswith("“") else query.split()
        expected = sum(1 for t in truth if all(w in t["text"] for w in words))
        rows.append(f"{query} {found[query]['reports']}/{expected} (candidates {found[query]['candidates']})")
    return rows


def one_seed_changed(seeds: Path) -> None:
    first = sorted(seeds.iterdir())[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("。", "。本段为基准测试所加。", 1), encoding="utf-8")


def bench(count: int) -> dict:
    corpus = WORK / f"corpus-{count}"
    if not (corpus / "truth.json").exists():
        subprocess.run([sys.executable, "bench/corpus.py", str(count), str(corpus)], cwd=ROOT, check=True)
    seeds, out = WORK / f"seeds-{count}", WORK / f"out-{count}"
    subprocess.run(["rm", "-rf", str(seeds), str(out), str(out.with_name(f".{out.name}.cache"))], check=True)
    subprocess.run(["cp", "-r", str(corpus / "raw"), str(seeds)], check=True)
    cold, cold_peak = timed_build(seeds, out)
    again, again_peak = timed_build(seeds, out)
    one_seed_changed(seeds)
    edited, edited_peak = timed_build(seeds, out)
    raw, gz = index_sizes(out)
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    return {"count": count, "chars": sum(len(t["text"]) for t in truth), "cold": cold, "again": again,
            "edited": edited, "peak": max(cold_peak, again_peak, edited_peak), "output": folder_bytes(out),
            "index_raw": raw, "index_gz": gz, "hits": query_hits(out, truth)}


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [100, 1000]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| reports | characters | cold build | ms/report | nothing changed | ms/report | one seed changed "
          "| % of cold | peak memory | output | search index raw / gzipped |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    results = [bench(n) for n in counts]
    mib = 1024 * 1024
    for r in results:
        n = r["count"]
        print(f"| {n} | {r['chars'] / 1e6:.1f} M | {r['cold']:.1f} s | {1000 * r['cold'] / n:.1f} "
              f"| {r['again']:.2f} s | {1000 * r['again'] / n:.1f} | {r['edited']:.2f} s "
              f"| {100 * r['edited'] / r['cold']:.1f} % | {r['peak'] / mib:.0f} MiB | {r['output'] / mib:.0f} MiB "
              f"| {r['index_raw'] / mib:.0f} / {r['index_gz'] / mib:.0f} MiB |")
    for r in results:
        print(f"\nqueries, {r['count']} reports (reports found / reports holding it):")
        for row in r["hits"]:
            print(f"- {row}")


if __name__ == "__main__":
    main()
