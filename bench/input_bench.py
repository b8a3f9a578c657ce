"""Very large and very many inputs: how long the build takes and how much memory it holds.

* many files: N small files (a listing-page entry each: a title and a few paragraphs drawn
  from the seed text, all different), built cold and again with nothing changed;
* a long line: the seeds and a file whose report is one line of 5 MB, built cold.

Each build is `python build.py` in a new process; peak memory is that of its process tree.
Prints a Markdown table; asserts nothing.

    .venv/bin/python bench/input_bench.py [--files 10000] [--line-mb 5]   # in /tmp/gwr-bench/input
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

from scale_bench import ROOT, WORK, folder_bytes, timed_build

MIB = 1024 * 1024


def seed_paragraphs() -> list[str]:
    """Lines of the seeds long enough to be paragraphs, in a stable order."""
    paragraphs = set()
    for path in sorted((ROOT / "seeds").iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if 40 <= len(line) <= 400 and line.endswith("。"):
                paragraphs.add(line)
    return sorted(paragraphs)


def write_small_files(folder: Path, count: int) -> int:
    """`count` files of 1–2 KB, each a titled entry with a dated heading; returns bytes written."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pool, draw = seed_paragraphs(), random.Random(20261121)
    written = 0
    for number in range(count):
        lines = [f"第{number + 1}号 工作动态", "各位代表："] + draw.sample(pool, draw.randint(3, 6))
        data = "\n".join(lines).encode("utf-8")
        (folder / f"{number // 1000:02d}" / f"{number:05d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{number // 1000:02d}" / f"{number:05d}.txt").write_bytes(data)
        written += len(data)
    return written


def write_long_line(folder: Path, megabytes: int) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "seeds", folder)
    sentence = "全市地区生产总值增长5.5%，推进高质量发展。"
    data = ("2024年政府工作报告\n各位代表：" + sentence * (megabytes * MIB // len(sentence.encode()))).encode("utf-8")
    (folder / "long line.txt").write_bytes(data)
    return len(data)


def documents(out: Path) -> int:
    return len(json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))["documents"])


def row(case: str, inputs: str, seconds: float, peak: int, out: Path) -> str:
    return (f"| {case} | {inputs} | {seconds:.1f} s | {peak / MIB:.0f} MiB | {documents(out)} "
            f"| {folder_bytes(out) / MIB:.0f} MiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--line-mb", type=int, default=5)
    args = parser.parse_args()
    work = WORK / "input"
    rows = []
    small = write_small_files(work / "many", args.files)
    out = work / "many-out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.cache", ignore_errors=True)
    inputs = f"{args.files:,} files, {small / MIB:.1f} MiB"
    rows.append(row("many files, cold", inputs, *timed_build(work / "many", out), out))
    rows.append(row("many files, nothing changed", inputs, *timed_build(work / "many", out), out))
    line = write_long_line(work / "long", args.line_mb)
    out = work / "long-out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.cache", ignore_errors=True)
    rows.append(row("seeds + one long line, cold", f"a line of {line / MIB:.1f} MiB", *timed_build(work / "long", out), out))
    print("| build | input | wall time | peak memory | documents | output |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    sys.exit(main())
