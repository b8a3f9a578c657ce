"""Score a build against a gold file, per folder of the corpus.

    python -m gwr.scoring OUT/data/reports.json GOLD.json [--misses] [--min]
    python -m gwr.scoring FOLDER GOLD.json                 # builds FOLDER first (no cache)

A gold file lists `reports` (region, year, doc_type; optionally date, meeting, speaker,
truncated, top_level, children, gdp_target), `news` (found by title) and `others` (documents
that are not reports, with the types they must not be), each by `source_file`, the file's path
relative to the folder built. A gold report is found when a document of that file has its
region (a national one under any of its names), year and an accepted type; `meta` counts the
region's level, province and parent and the other fields the gold gives; `top` the top-level
headings, `children` the second-level counts, `targets` the GDP growth target. Prints one line
per folder and a total; `--misses` lists every miss with what was built instead; `--min` exits
1 when a figure is under the bars of PRODUCT.md for real corpora.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

NATIONAL_NAMES = {"全国", "中国", "中华人民共和国", "国务院", "中央"}


def squeeze(text) -> str | None:
    return None if text is None else "".join(unicodedata.normalize("NFKC", str(text)).split())


def region_of(doc: dict) -> str | None:
    region = doc.get("region") or {}
    if region.get("level") == "national" or region.get("name") in NATIONAL_NAMES:
        return "全国"
    return region.get("name")


def accepted(entry: dict) -> set[str]:
    kind = entry["doc_type"]
    return set(kind) if isinstance(kind, list) else {kind}


def is_match(entry: dict, doc: dict) -> bool:
    return (region_of(doc) == entry["region"]["name"] and doc.get("year") == entry["year"]
            and doc.get("doc_type") in accepted(entry))


def folder_of(path: str) -> str:
    return path.split("/")[0] if "/" in path else "."


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, key: str, ok: bool) -> None:
        self.counts[key][0] += int(ok)
        self.counts[key][1] += 1

    def line(self) -> str:
        return ", ".join(f"{k} {ok}/{n} ({100 * ok / n:.1f} %)" for k, (ok, n) in sorted(self.counts.items()) if n)


BARS = {"docs": 0.98, "meta": 0.98, "top": 0.97, "children": 0.80, "targets": 0.90}
MAX_UNEXPECTED = 3


def headed(nodes) -> list[dict]:
    return [n for n in nodes or [] if squeeze(n.get("heading"))]


def check_report(entry: dict, doc: dict, tally: Tally, misses: list[str]) -> None:
    name = entry["source_file"]
    region = doc.get("region") or {}
    fields = {f"region.{k}": (region.get(k), entry["region"].get(k)) for k in ("level", "province", "parent")}
    fields.update({k: (doc.get(k), entry[k]) for k in ("date", "meeting", "speaker", "truncated") if k in entry})
    for key, (got, want) in fields.items():
        ok = bool(got) == bool(want) if key == "truncated" else squeeze(got) == squeeze(want)
        tally.add("meta", ok)
        if not ok:
            misses.append(f"{name}: {key} {got!r}, want {want!r}")
    outline = headed(doc.get("outline"))
    if "top_level" in entry:
        got = [squeeze(n["heading"]) for n in outline]
        ok = got == [squeeze(h) for h in entry["top_level"]]
        tally.add("top", ok)
        if not ok:
            misses.append(f"{name}: top level {got}, want {entry['top_level']}")
        elif "children" in entry:
            counts = [len(headed(n.get("children"))) for n in outline]
            tally.add("children", counts == entry["children"])
            if counts != entry["children"]:
                misses.append(f"{name}: second-level counts {counts}, want {entry['children']}")
    gdp = [t for t in doc.get("targets") or [] if t.get("indicator") == "gdp_growth"]
    if entry.get("gdp_target"):
        ok = bool(gdp) and float(gdp[0]["value"]) == float(entry["gdp_target"]["value"])
        tally.add("targets", ok)
        if not ok:
            misses.append(f"{name}: GDP target {gdp[:1]}, want {entry['gdp_target']}")


def score(gold: dict, documents: list[dict], count_copies: bool = True
          ) -> tuple[dict[str, Tally], dict[str, int], list[str]]:
    by_file: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(documents):
        by_file[(doc.get("source") or {}).get("file", "")].append(i)
    # A report found in several files is kept once and stands for each (source.also): the copy
    # counts as found, unless --one-per-file asks for a document of each file.
    copies: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(documents):
        for place in (doc.get("source") or {}).get("also") or []:
            copies[place["file"]].append(i)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    used: set[int] = set()
    for entry in gold.get("reports", []):
        name = entry["source_file"]
        tally = tallies[folder_of(name)]
        found = next((i for i in by_file[name] if i not in used and is_match(entry, documents[i])), None)
        copy = next((i for i in copies[name] if is_match(entry, documents[i])), None) if count_copies else None
        tally.add("docs", found is not None or copy is not None)
        if found is None and copy is not None:
            check_report(entry, documents[copy], tally, misses)
            continue
        if found is None:
            built = [(region_of(documents[i]), documents[i].get("year"), documents[i].get("doc_type"))
                     for i in by_file[name]]
            misses.append(f"{name}: want {entry['region']['name']} {entry['year']} {entry['doc_type']}, built {built}")
            continue
        used.add(found)
        check_report(entry, documents[found], tally, misses)
    for entry in gold.get("news", []):
        name = entry["source_file"]
        found = next((i for i in by_file[name] if i not in used and documents[i].get("doc_type") == "news"
                      and squeeze(documents[i].get("title")) == squeeze(entry["title"])), None)
        tallies[folder_of(name)].add("docs", found is not None)
        if found is None:
            misses.append(f"{name}: no news item titled {entry['title']}")
            continue
        used.add(found)
        region = documents[found].get("region") or {}
        for key in ("name", "level", "province", "parent"):
            ok = squeeze(region.get(key)) == squeeze(entry["region"].get(key))
            tallies[folder_of(name)].add("meta", ok)
            if not ok:
                misses.append(f"{name}: news region.{key} {region.get(key)!r}, want {entry['region'].get(key)!r}")
    for entry in gold.get("others", []):
        name = entry["source_file"]
        for i in by_file[name]:
            if i in used:
                continue
            used.add(i)
            ok = documents[i].get("doc_type") not in entry["must_not_be"]
            tallies[folder_of(name)].add("docs", ok)
            if not ok:
                misses.append(f"{name}: not a report, built as {documents[i].get('doc_type')}")
    unexpected: dict[str, int] = defaultdict(int)
    for i, doc in enumerate(documents):
        if i not in used:
            unexpected[folder_of((doc.get("source") or {}).get("file", ""))] += 1
    return tallies, unexpected, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("built", type=Path, help="a build's data/reports.json, or a folder to build")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--min", action="store_true", help="exit 1 under the bars for real corpora")
    parser.add_argument("--one-per-file", action="store_true",
                        help="a copy kept once (source.also) does not count for the files it was also found in")
    args = parser.parse_args(argv)
    documents = built_documents(args.built)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    tallies, unexpected, misses = score(gold, documents, count_copies=not args.one_per_file)
    if args.misses:
        print("\n".join(misses))
    total = Tally()
    for folder in sorted(tallies):
        print(f"{folder}: {tallies[folder].line()}, unexpected {unexpected.get(folder, 0)}")
        for key, (ok, n) in tallies[folder].counts.items():
            total.counts[key][0] += ok
            total.counts[key][1] += n
    print(f"all: {total.line()}, unexpected {sum(unexpected.values())}")
    short = [k for k, (ok, n) in total.counts.items() if n and ok / n < BARS[k]]
    return 1 if args.min and (short or sum(unexpected.values()) > MAX_UNEXPECTED) else 0


def built_documents(built: Path) -> list[dict]:
    """The documents of a reports.json, or of a build of a folder into a temporary one."""
    if built.is_dir():
        from . import config  # the pipeline only when a folder is to be built: scoring a JSON needs none
        from gwr.build.pipeline import build

        with tempfile.TemporaryDirectory() as out:
            build(config.load(str(built), str(Path(out) / "output"), cache=False))
            return built_documents(Path(out) / "output" / "data" / "reports.json")
    return json.loads(built.read_text(encoding="utf-8"))["documents"]


if __name__ == "__main__":
    sys.exit(main())
