"""One seed changed while the preview server runs: the Builder the preview keeps (in place,
with everything of the last build in memory), timed on its first build, on a build with
nothing changed and on a build after one seed changed. Prints JSON; asserts nothing.

    .venv/bin/python bench/resident_rebuild.py SEEDS OUT      # SEEDS is changed: use a copy
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gwr import config as config_module  # noqa: E402
from gwr.build.pipeline import Builder  # noqa: E402


def change_one_seed(seeds: Path) -> None:
    """Add a sentence after the first full stop of the first seed file."""
    first = sorted(p for p in seeds.iterdir() if p.is_file())[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("。", "。本段为基准测试所加。", 1), encoding="utf-8")


def timed(builder: Builder) -> float:
    started = time.perf_counter()
    builder.build()
    return time.perf_counter() - started


def main(seeds: str, out: str) -> None:
    builder = Builder(config_module.load(seeds, out), in_place=True)
    first = timed(builder)
    again = timed(builder)
    change_one_seed(Path(seeds))
    print(json.dumps({"first": first, "again": again, "edited": timed(builder)}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
