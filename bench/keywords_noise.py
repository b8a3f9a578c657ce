"""Keywords across a built corpus: the most frequent, and how many look like noise.

Usage: python bench/keywords_noise.py OUT/data/reports.json [N]

Prints the N keywords given to most documents (a word given to many reports is rarely what
sets one apart) and the keywords the stop list and the fragment rule of gwr/enrich/keywords.py
would now leave out, to see what the rules catch and what is left to judge.
"""
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gwr.enrich.keywords import FRAGMENT, STOPWORDS  # noqa: E402


def main() -> None:
    documents = json.load(open(sys.argv[1], encoding="utf-8"))["documents"]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    given = collections.Counter(word for d in documents for word in d["keywords"])
    caught = {w: n for w, n in given.items() if w in STOPWORDS or FRAGMENT.search(w)}
    print(f"{len(documents)} documents, {sum(given.values())} keywords, {len(given)} distinct")
    print(f"left out by the rules now: {sum(caught.values())} ({len(caught)} distinct)")
    print("most given:", " ".join(f"{w}:{n}" for w, n in given.most_common(top)))
    print("caught:", " ".join(f"{w}:{n}" for w, n in sorted(caught.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
