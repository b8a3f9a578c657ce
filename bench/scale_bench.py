"""How the build scales: synthetic corpora of N reports (bench/corpus.py), built cold, rebuilt
with nothing changed and rebuilt after one seed changed, each as `python build.py` in a new
process; wall time, ms per report, peak memory of the build and its workers, output and
search index sizes, and the hits of a few queries against the truth. Prints a Markdown table;
asserts nothing.

    .venv/bin/python bench/scale_bench.py 100 1000 [--peers]   # corpora are made in /tmp/gwr-bench/

With --peers, bench/peers.py then builds the same corpora with MkDocs, MkDocs + Material,
Pelican and Pagefind, in the same run.
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

from resident_rebuild import change_one_seed

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("GWR_BENCH_DIR", "/tmp/gwr-bench"))
RESIDENT_UP_TO = 1000
PEERS_UP_TO = 1000  # Material at 20,000 pages would take longer than all the rest
QUERIES = ("营商环境", "新质生产力", "高质量发展", "“放管服”改革", "乡村振兴")


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def tree_pss(pid: int) -> int:
    """Summed proportional set size of a process tree, in bytes: pages shared between the
    build and its forked workers count once in all, not once per process as RSS would."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
    return total


SAMPLE_SECONDS = 0.25


def timed_run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(seconds, peak summed PSS of the command's process tree, sampled every SAMPLE_SECONDS)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_SECONDS) and process.poll() is None:
            peak = max(peak, tree_pss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return time.perf_counter() - started, peak


def timed_build(seeds: Path, out: Path) -> tuple[float, int]:
    return timed_run([sys.executable, "build.py", "--seeds", str(seeds), "--out", str(out)], ROOT)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def output_kind(path: str) -> str:
    """Where a file of the output belongs, for the table of where the bytes go."""
    top = path.split("/", 1)[0]
    if path.startswith("static/search/"):
        return "search shards"
    if path.startswith("data/"):
        return {"data/sections.jsonl": "data/sections.jsonl", "data/reports.json": "data/reports.json"}.get(path, "data, other")
    return {"reports": "report pages", "glossary": "glossary pages", "regions": "region pages"}.get(top, "other")


def output_breakdown(out: Path) -> dict[str, tuple[int, int]]:
    """{kind: (files, bytes)} of the output."""
    kinds: dict[str, tuple[int, int]] = {}
    for p in out.rglob("*"):
        if p.is_file():
            kind = output_kind(p.relative_to(out).as_posix())
            files, size = kinds.get(kind, (0, 0))
            kinds[kind] = (files + 1, size + p.stat().st_size)
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1][1]))


def index_sizes(files) -> tuple[int, int]:
    """(raw, gzipped) bytes; files already gzipped count decompressed as raw, as they are as gzipped."""
    raw = gz = 0
    for path in files:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            raw, gz = raw + len(gzip.decompress(data)), gz + len(data)
        else:
            raw, gz = raw + len(data), gz + len(gzip.compress(data, 6))
    return raw, gz


def holds(query: str, text: str) -> bool:
    """The truth of a query: a query in “” is one phrase, otherwise every word must be there."""
    words = [query.strip("“”")] if query.startswith("“") else query.split()
    return all(w in text for w in words)


def query_hits(out: Path, truth: list[dict]) -> list[str]:
    """Reports found by the site's search code (verified on their text) against the reports
    whose text holds the query."""
    script = ROOT / "bench" / "query_hits.js"
    found = json.loads(subprocess.run(["node", str(script), str(out), *QUERIES], capture_output=True, text=True,
                                      check=True, cwd=ROOT).stdout)
    rows = []
    for query in QUERIES:
        expected = sum(1 for t in truth if holds(query, t["text"]))
        rows.append(f"{query} {found[query]['reports']}/{expected} (candidates {found[query]['candidates']})")
    return rows


def remove(seeds: Path, out: Path) -> None:
    """The seeds and everything a build of them left: the output, its cache, its spare tree
    and trees swapped out (a cold build as on a fresh clone, with nothing to remove meanwhile)."""
    beside = [out.with_name(f".{out.name}.cache"), out.with_name(f".{out.name}-spare"),
              *out.parent.glob(f".{out.name}-old-*"), *out.parent.glob(f".{out.name}-new-*")]
    subprocess.run(["rm", "-rf", str(seeds), str(out), *map(str, beside)], check=True)


def bench(count: int) -> dict:
    corpus = WORK / f"corpus-{count}"
    if not (corpus / "truth.json").exists():
        subprocess.run([sys.executable, "bench/corpus.py", str(count), str(corpus)], cwd=ROOT, check=True)
    seeds, out = WORK / f"seeds-{count}", WORK / f"out-{count}"
    remove(seeds, out)
    subprocess.run(["cp", "-r", str(corpus / "raw"), str(seeds)], check=True)
    cold, cold_peak = timed_build(seeds, out)
    again, again_peak = timed_build(seeds, out)
    change_one_seed(seeds)
    edited, edited_peak = timed_build(seeds, out)
    # The preview server keeps a whole build in memory: measured up to RESIDENT_UP_TO reports.
    resident = resident_rebuild(corpus, count) if count <= RESIDENT_UP_TO else None
    raw, gz = index_sizes((out / "static" / "search").glob("*.json.gz"))
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    breakdown = output_breakdown(out)
    return {"count": count, "chars": sum(len(t["text"]) for t in truth), "cold": cold, "again": again,
            "edited": edited, "peaks": (cold_peak, again_peak, edited_peak), "peak": max(cold_peak, again_peak, edited_peak),
            "output": folder_bytes(out), "input": folder_bytes(seeds), "breakdown": breakdown,
            "files": sum(files for files, _ in breakdown.values()),
            "index_raw": raw, "index_gz": gz, "hits": query_hits(out, truth), "resident": resident}


def resident_rebuild(corpus: Path, count: int) -> dict:
    """bench/resident_rebuild.py on a fresh copy of the corpus: the preview server's builds."""
    seeds, out = WORK / f"seeds-{count}-resident", WORK / f"out-{count}-resident"
    remove(seeds, out)
    subprocess.run(["cp", "-r", str(corpus / "raw"), str(seeds)], check=True)
    printed = subprocess.run([sys.executable, "bench/resident_rebuild.py", str(seeds), str(out)], cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout
    remove(seeds, out)
    return json.loads(printed)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--peers"]
    counts = [int(a) for a in args] or [100, 1000]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    results = []
    for n in counts:  # each count's figures kept as soon as they are known, should a later one fail
        results.append(bench(n))
        (WORK / f"scale-{n}.json").write_text(json.dumps(results[-1], ensure_ascii=False, default=str), encoding="utf-8")
    print("\n| reports | characters | cold build | ms/report | nothing changed | ms/report | one seed changed "
          "| % of cold | peak memory | output | search index raw / gzipped |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    mib = 1024 * 1024
    for r in results:
        n = r["count"]
        print(f"| {n} | {r['chars'] / 1e6:.1f} M | {r['cold']:.1f} s | {1000 * r['cold'] / n:.1f} "
              f"| {r['again']:.2f} s | {1000 * r['again'] / n:.1f} | {r['edited']:.2f} s "
              f"| {100 * r['edited'] / r['cold']:.1f} % | {r['peak'] / mib:.0f} MiB | {r['output'] / mib:.0f} MiB "
              f"| {r['index_raw'] / mib:.0f} / {r['index_gz'] / mib:.0f} MiB |")
    print("\n| reports | input | output | × input | files | files/report | peak cold / unchanged / one changed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        n = r["count"]
        print(f"| {n} | {r['input'] / mib:.0f} MiB | {r['output'] / mib:.0f} MiB | {r['output'] / r['input']:.1f} "
              f"| {r['files']} | {r['files'] / n:.1f} | " + " / ".join(f"{p / mib:.0f}" for p in r["peaks"]) + " MiB |")
    for r in results:
        print(f"\nWhere the output bytes go, {r['count']} reports:\n")
        print("| kind | files | MiB | share |")
        print("| --- | --- | --- | --- |")
        for kind, (files, size) in r["breakdown"].items():
            print(f"| {kind} | {files} | {size / mib:.1f} | {100 * size / r['output']:.1f} % |")
    print("\nThe preview server's builds (one process kept, bench/resident_rebuild.py):\n")
    print("| reports | first build | nothing changed | one seed changed | % of the cold build above |")
    print("| --- | --- | --- | --- | --- |")
    for r in results:
        t = r["resident"]
        if t is None:
            continue
        print(f"| {r['count']} | {t['first']:.1f} s | {t['again']:.2f} s | {t['edited']:.2f} s "
              f"| {100 * t['edited'] / r['cold']:.1f} % |")
    for r in results:
        print(f"\nqueries, {r['count']} reports (reports found / reports holding it):")
        for row in r["hits"]:
            print(f"- {row}")
    if "--peers" in sys.argv:
        from peers import bench_peers, print_table  # bench/ is the script's folder, so on sys.path
        for n in (n for n in counts if n <= PEERS_UP_TO):
            print(f"\n## Peers, {n} reports, same run\n")
            print_table(bench_peers(WORK / f"corpus-{n}", WORK))


if __name__ == "__main__":
    main()
