"""How much of each Word file's text, as GWR Reader reads it, matches its plain-text copy.

    python bench/word_match.py WORD_FOLDER TEXT_FOLDER

Each `NAME.docx` of WORD_FOLDER is read by the project's Word reader and compared, whitespace
removed, with `NAME.txt` of TEXT_FOLDER: the share of characters in matching blocks (difflib,
over the longer of the two). Prints one row per file below 100 %, then the count, the minimum
and the median, and how many files fall under the issue's bar of 97 %.
"""
from __future__ import annotations

import difflib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gwr.parse.formats.word import read_word  # noqa: E402

BAR = 0.97


def matched_share(read: str, copy: str) -> float:
    a, b = "".join(read.split()), "".join(copy.split())
    if a == b:
        return 1.0
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / max(len(a), len(b), 1)


def main() -> None:
    words, texts = Path(sys.argv[1]), Path(sys.argv[2])
    shares = {}
    for word in sorted(words.glob("*.docx")):
        copy = texts / f"{word.stem}.txt"
        if not copy.exists():
            print(f"{word.name}: no {copy.name} beside it in {texts}")
            continue
        read = "\n".join(read_word(word.read_bytes()).lines)
        shares[word.name] = matched_share(read, copy.read_text(encoding="utf-8"))
    for name, share in shares.items():
        if share < 1:
            print(f"{name}: {share:.2%}")
    values = list(shares.values())
    print(f"{len(values)} Word files: minimum {min(values):.2%}, median {statistics.median(values):.2%}, "
          f"{sum(v == 1 for v in values)} identical, {sum(v < BAR for v in values)} under {BAR:.0%}")


if __name__ == "__main__":
    main()
