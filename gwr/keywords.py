"""Words of the corpus: jieba tokens, IDF from the corpus itself, and what they show.

A report's distinctive keywords are the words it uses often and the rest of the corpus
rarely (tf-idf, with document frequencies counted over this corpus, not jieba's general
IDF table). The same counts give a region's rising and falling words between two years.
Region names are left out: that 宁波 is distinctive of 宁波's report says nothing.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .textnorm import fold

WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
# Frame words of any report: ordinal markers and connectives that IDF alone would keep for
# a report that happens to use them more.
STOPWORDS = frozenset("""
一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 我们 各位 代表 进一步 加快 推进 推动 实施 加强 坚持
积极 全面 深入 持续 不断 全力 着力 大力 扎实 切实 努力 有效 重点 主要 工作 建设 发展 完成 实现 开展
提升 提高 新增 其中 以上 左右 同比 增长 全年 今年 去年 明年 一批 一年 五年 过去 今后 目前 已经 一些
""".split())


@functools.lru_cache(maxsize=2)
def tokenizer(extra_words: tuple[str, ...] = ()):
    """jieba's dictionary and algorithm (rjieba: jieba-rs, the Rust port, about 18 times
    faster than the Python package on these texts, with the same Chinese words), loaded once,
    knowing the glossary's terms as words so that 放管服 stays one word."""
    import rjieba

    tk = rjieba.Jieba()
    for word in extra_words:
        tk.add_word(word, 20000, None)
    return tk


def words(text: str, extra_words: tuple[str, ...] = ()) -> list[str]:
    return [w for w in tokenizer(extra_words).cut(fold(text)) if WORD.match(w) and w not in STOPWORDS]


@dataclass
class KeywordState:
    """What one build's keywords were computed from and what they were, for the next build."""
    documents: int
    excluded: frozenset[str]
    df: Counter
    keywords: dict[object, tuple[str, ...]]  # document key -> keywords
    computed: int = 0  # documents whose keywords were computed, not kept


@dataclass
class WordCounts:
    """Word counts per document and the corpus document frequencies."""
    counts: dict[str, Counter] = field(default_factory=dict)  # doc id -> word counts
    df: Counter = field(default_factory=Counter)
    excluded: frozenset[str] = frozenset()

    def add(self, doc_id: str, tokens: list[str] | Counter) -> None:
        """A document's words; counts given as a Counter are kept as they are, not copied."""
        counts = tokens if isinstance(tokens, Counter) else Counter(tokens)
        self.counts[doc_id] = counts
        self.df.update(counts.keys())

    def all_keywords(self, keys: dict[str, object], before: KeywordState | None) -> tuple[dict[str, list[str]], KeywordState]:
        """keywords() of every document, and what they were computed from. `keys` names
        each document's words (a document of the same key has the same counts); a document
        whose key is in `before`, none of whose words changed document frequency since, and
        in a corpus of as many documents, keeps its keywords: its scores are the same."""
        changed: set[str] | None = None
        if before is not None and before.documents == len(self.counts) and before.excluded == self.excluded:
            changed = {w for w, n in self.df.items() if before.df.get(w) != n}
            changed.update(w for w in before.df if w not in self.df)
        result: dict[str, list[str]] = {}
        computed = 0
        for doc_id, counts in self.counts.items():
            kept = before.keywords.get(keys[doc_id]) if changed is not None else None
            if kept is not None and counts.keys().isdisjoint(changed):
                result[doc_id] = list(kept)
            else:
                result[doc_id] = self.keywords(doc_id)
                computed += 1
        state = KeywordState(len(self.counts), self.excluded, self.df,
                             {keys[doc_id]: tuple(words) for doc_id, words in result.items()}, computed)
        return result, state

    def keywords(self, doc_id: str, limit: int = 10) -> list[str]:
        """The words most particular to one document.

        Score (1 + ln tf) · idf²: squaring the IDF favours words the rest of the corpus does
        not use over words every report uses a little more; a word must recur (twice in a
        short text, three times in a long one) so that one odd phrase is not a keyword.
        """
        counts = self.counts.get(doc_id, Counter())
        n_docs = len(self.counts)
        least = 2 if sum(counts.values()) < 2000 else 3
        scored = [(-(1 + math.log(n)) * math.log(n_docs / self.df[w]) ** 2, w) for w, n in counts.items()
                  if n >= least and w not in self.excluded and self.df[w] < n_docs]
        return [w for _, w in sorted(scored)[:limit]]

    def shifts(self, before: str, after: str, limit: int = 12) -> tuple[list[tuple], list[tuple]]:
        """Words whose rate per 10,000 words rose and fell most from one document to another.

        Each row is (word, count before, count after); a word must occur three times in one.
        """
        a, b = self.counts.get(before, Counter()), self.counts.get(after, Counter())
        total_a, total_b = sum(a.values()) or 1, sum(b.values()) or 1
        rows = []
        for word in set(a) | set(b):
            if max(a[word], b[word]) < 3 or word in self.excluded:
                continue
            change = 10000 * (b[word] / total_b - a[word] / total_a)
            rows.append((change, word, a[word], b[word]))
        rose = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], r[1]))[:limit]
        fell = sorted((r for r in rows if r[0] < 0), key=lambda r: (r[0], r[1]))[:limit]
        return [r[1:] for r in rose], [r[1:] for r in fell]
