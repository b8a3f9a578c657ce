"""Score a build's data/reports.json against a gold file, per folder of the corpus.

    python bench/score.py OUT/data/reports.json GOLD.json [--misses]

A gold file lists `reports` (region, year, doc_type, optional top_level) and `others` (documents
that are not reports, with the types they must not be), each by `source_file`, the file's path
relative to the folder built. A gold report is found when a document of that file has its
region (a national one under any of its names), year and an accepted type; its metadata counts
level, province and parent; its top-level headings count where the gold gives them. Prints one
line per folder and a total; `--misses` lists every miss with what was built instead.
"""
from __future__ import annotations

import argparse
import json
import sys
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


def score(gold: dict, documents: list[dict]) -> tuple[dict[str, Tally], dict[str, int], list[str]]:
    by_file: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(documents):
        by_file[(doc.get("source") or {}).get("file", "")].append(i)
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    used: set[int] = set()
    for entry in gold.get("reports", []):
        name = entry["source_file"]
        tally = tallies[folder_of(name)]
        found = next((i for i in by_file[name] if i not in used and is_match(entry, documents[i])), None)
        tally.add("docs", found is not None)
        if found is None:
            built = [(region_of(documents[i]), documents[i].get("year"), documents[i].get("doc_type"))
                     for i in by_file[name]]
            misses.append(f"{name}: want {entry['region']['name']} {entry['year']} {entry['doc_type']}, built {built}")
            continue
        used.add(found)
        doc = documents[found]
        region = doc.get("region") or {}
        for key in ("level", "province", "parent"):
            ok = squeeze(region.get(key)) == squeeze(entry["region"].get(key))
            tally.add("meta", ok)
            if not ok:
                misses.append(f"{name}: region.{key} {region.get(key)!r}, want {entry['region'].get(key)!r}")
        if "top_level" in entry:
            got = [squeeze(n.get("heading")) for n in doc.get("outline") or [] if squeeze(n.get("heading"))]
            ok = got == [squeeze(h) for h in entry["top_level"]]
            tally.add("top", ok)
            if not ok:
                misses.append(f"{name}: top level {got}, want {entry['top_level']}")
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
    parser.add_argument("reports_json", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    documents = json.loads(args.reports_json.read_text(encoding="utf-8"))["documents"]
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    tallies, unexpected, misses = score(gold, documents)
    if args.misses:
        print("\n".join(misses))
    total = Tally()
    for folder in sorted(tallies):
        print(f"{folder}: {tallies[folder].line()}, unexpected {unexpected.get(folder, 0)}")
        for key, (ok, n) in tallies[folder].counts.items():
            total.counts[key][0] += ok
            total.counts[key][1] += n
    print(f"all: {total.line()}, unexpected {sum(unexpected.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
