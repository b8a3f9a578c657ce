#!/usr/bin/env python3
"""GWR Reader: build a static research site from a folder of government work reports.

    python build.py                         # seeds/ -> output/
    python build.py --seeds DIR --out DIR   # any folder of files
    python build.py --strict                # exit 1 when any input gave a warning
    python build.py --jobs 4 --no-cache     # processes to use; build everything afresh
    python build.py --base-url https://example.org/gwr/
                                            # publish under another address than site_src/site.toml's
    python build.py serve [--host H] [--port P]
                                            # build, serve on localhost, rebuild and reload
                                            # the browser on every change; Ctrl-C stops
"""
from __future__ import annotations

import argparse
import logging
import sys

from gwr import config as config_module
from gwr.build.workers import Workers


def parse_args(argv: list[str]) -> argparse.Namespace:
    serving = bool(argv) and argv[0] == "serve"
    parser = argparse.ArgumentParser(prog="build.py serve" if serving else "build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", help="folder of raw report files (default: seeds/)")
    parser.add_argument("--out", help="output folder (default: output/; output-preview/ for serve)")
    parser.add_argument("--jobs", type=int, help="processes for parsing and search shards (default: the cores)")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="neither use nor keep the cache of per-file work (.OUT.cache/ beside the output)")
    if serving:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    else:
        parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
        parser.add_argument("--base-url", help="address the site is published at, e.g. https://example.org/gwr/ "
                                               "(default: base_url in site_src/site.toml)")
    args = parser.parse_args(argv[1:] if serving else argv)
    args.serve = serving
    return args


def run_build(args: argparse.Namespace) -> int:
    config = config_module.load(args.seeds, args.out, args.strict, args.base_url, args.jobs, args.cache)
    Workers(config.jobs).prepare()  # the workers' server loads the pipeline while this process does
    from gwr.build.pipeline import build

    result = build(config)
    for problem in result.diagnostics:
        print(f"warning: {problem}", file=sys.stderr)
    done = "up to date, nothing changed:" if result.up_to_date else "built"
    print(f"{done} {result.documents} documents ({result.documents - result.news} reports, "
          f"{result.news} news and resolutions) "
          f"in {config.out_dir}: {result.files_written} files in {result.seconds:.2f} s, "
          f"{len(result.diagnostics)} warning(s); published at {config.base_url}")
    return 1 if config.strict and result.diagnostics else 0


def run_serve(args: argparse.Namespace) -> int:
    from gwr.preview.serve import Preview

    out = args.out or str(config_module.PREVIEW_DIR)
    return Preview(config_module.load(args.seeds, out, jobs=args.jobs, cache=args.cache), args.host, args.port).serve()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return run_serve(args) if args.serve else run_build(args)


if __name__ == "__main__":
    sys.exit(main())
