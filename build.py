#!/usr/bin/env python3
"""GWR Reader: build a static research site from a folder of government work reports.

    python build.py                         # seeds/ -> output/
    python build.py --seeds DIR --out DIR   # any folder of files
    python build.py --strict                # exit 1 when any input gave a warning
"""
from __future__ import annotations

import argparse
import logging
import sys

from gwr import config as config_module
from gwr.pipeline import build


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", help="folder of raw report files (default: seeds/)")
    parser.add_argument("--out", help="output folder (default: output/)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    config = config_module.load(args.seeds, args.out, args.strict)
    result = build(config)
    for problem in result.diagnostics:
        print(f"warning: {problem}", file=sys.stderr)
    docs = result.reports
    reports = sum(1 for r in docs if r.meta.doc_type != "news")
    print(f"built {len(docs)} documents ({reports} reports, {len(docs) - reports} news) "
          f"into {config.out_dir}: {result.files_written} files in {result.seconds:.2f} s, "
          f"{len(result.diagnostics)} warning(s)")
    return 1 if config.strict and result.diagnostics else 0


if __name__ == "__main__":
    sys.exit(main())
