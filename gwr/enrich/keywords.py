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
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from gwr.lexicon.textnorm import fold
from gwr.model import KeepsPickled, PickledLater

WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
# Frame words of any report: ordinal markers and connectives that IDF alone would keep for
# a report that happens to use them more.
STOPWORDS = frozenset("""
一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 我们 各位 代表 进一步 加快 推进 推动 实施 加强 坚持
积极 全面 深入 持续 不断 全力 着力 大力 扎实 切实 努力 有效 重点 主要 工作 建设 发展 完成 实现 开展
提升 提高 新增 其中 以上 左右 同比 增长 全年 今年 去年 明年 一批 一年 五年 过去 今后 目前 已经 一些
就是 再次 还是 以及 通过 作为 这些 这个 一个 方面 各项 各类 哪里 分开 保持 更加 一律 一半 并存 得益于
时期 精神 贯彻 稳定 会议 报告 我市 我省 我区 我县 全市 全省 全区 全县 区县 同志 我国
""".split())
# What jieba cuts out of a longer phrase rather than a word (之市 of …之市, 以学 of 以学铸魂, 于民
# of 还利于民, 号线 of 3号线, 亿人, 万众 of 万众创新), and years in numerals (一九五四年): found
# among the keywords of ../shared/corpus (bench/keywords_noise.py), none a word a reader looks up.
FRAGMENT = re.compile(r"^[之以于所其而号万亿]|[之于以所其而]$|^[一二][九〇零][零〇一二三四五六七八九]{1,2}年?$")


# Dictionaries loaded ahead of need (gwr.build.preload, in the process workers are forked from),
# not yet given a glossary's words.
_loaded_ahead: list = []


def load_dictionary_ahead() -> None:
    import rjieba

    _loaded_ahead.append(rjieba.Jieba())


@functools.lru_cache(maxsize=2)
def tokenizer(extra_words: tuple[str, ...] = ()):
    """jieba's dictionary and algorithm (rjieba: jieba-rs, the Rust port, about 18 times
    faster than the Python package on these texts, with the same Chinese words), loaded once,
    knowing the glossary's terms as words so that 放管服 stays one word."""
    import rjieba

    tk = _loaded_ahead.pop() if _loaded_ahead else rjieba.Jieba()
    for word in extra_words:
        tk.add_word(word, 20000, None)
    return tk


def words(texts: str | list[str], extra_words: tuple[str, ...] = ()) -> Counter[str]:
    """jieba's words of a text, or of texts one after another (each folded alone: a paragraph
    was folded already, for the roles of its figures), counted."""
    cut = Counter(tokenizer(extra_words).cut(fold(texts) if isinstance(texts, str) else "".join(map(fold, texts))))
    # Each distinct word tested once: a report cuts into some 10,000 words, a few thousand distinct.
    return Counter({w: n for w, n in cut.items() if WORD.match(w) and w not in STOPWORDS and not FRAGMENT.search(w)})


@dataclass(frozen=True)
class WordBag(KeepsPickled):
    """One document's word counts, compact: its distinct words in one string, each between
    newlines, and their counts as machine integers. The cache loads two objects rather than
    a dict of thousands of words, and whether a document uses a word is a substring test.
    Both are one PickledLater field, so that a build can spill them (gwr.build.spill)."""
    packed: tuple[str, bytes] = PickledLater()  # (the words, array("I") of their counts)

    @classmethod
    def of(cls, tokens: Iterable[str]) -> WordBag:
        counted = tokens if isinstance(tokens, Counter) else Counter(tokens)
        words = sorted(counted)
        return cls(("\n" + "".join(w + "\n" for w in words), array("I", [counted[w] for w in words]).tobytes()))

    @property
    def text(self) -> str:
        return self.packed[0]

    @property
    def counts(self) -> bytes:
        return self.packed[1]

    def words(self) -> list[str]:
        return self.text[1:-1].split("\n") if len(self.text) > 1 else []

    def numbers(self) -> array:
        numbers = array("I")
        numbers.frombytes(self.counts)
        return numbers

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self.words(), self.numbers())

    def used(self, words: set[str]) -> set[str]:
        """Those of `words` this document uses."""
        if len(words) > 32:  # past a few words, one set test beats a search per word
            return words.intersection(self.words())
        return {w for w in words if f"\n{w}\n" in self.text}


@dataclass
class KeywordState:
    """What one build's keywords were computed from and what they were, for the next build."""
    documents: Counter  # key of each document's words -> documents of that key
    excluded: frozenset[str]
    df: Counter
    keywords: dict[object, tuple[str, ...]]  # document key -> keywords
    computed: int = 0  # documents whose keywords were computed, not kept


EMPTY = WordBag(("\n", b""))


@dataclass
class CountedBags:
    """Bags by key as they come (from the parse), their document frequencies counted while
    each is at hand: a build spills each bag as it comes, and counting them afterwards would
    read every bag back."""
    bags: dict[object, WordBag] = field(default_factory=dict)
    df: Counter = field(default_factory=Counter)  # each key's words counted once

    def add(self, key: object, bag: WordBag) -> None:
        if key not in self.bags:
            self.df.update(bag.words())
        self.bags[key] = bag

    def frequencies(self, bags: dict[str, WordBag], keys: dict[str, object]) -> Counter:
        """The document frequencies of `bags` (doc id -> bag, `keys` naming each): those
        counted, less the words of the keys no document has, plus those of the documents
        beyond the first of each key counted."""
        df = Counter(self.df)
        uses = Counter(keys[doc_id] for doc_id in bags)
        for key in self.bags.keys() - uses.keys():
            df.subtract(self.bags[key].words())
        for doc_id, bag in bags.items():
            key = keys[doc_id]
            if key in self.bags and uses[key] == 1:
                continue
            if key in self.bags:  # a key of several documents: counted once so far, once more each
                uses[key] -= 1
            df.update(bag.words())
        return +df


@dataclass
class WordCounts:
    """Word counts per document and the corpus document frequencies."""
    bags: dict[str, WordBag] = field(default_factory=dict)  # doc id -> its words
    df: Counter = field(default_factory=Counter)
    excluded: frozenset[str] = frozenset()
    touched: set[str] | None = None  # when patched: the only words whose frequencies may differ from before

    def add(self, doc_id: str, tokens: Iterable[str] | WordBag) -> None:
        bag = tokens if isinstance(tokens, WordBag) else WordBag.of(tokens)
        self.bags[doc_id] = bag
        self.df.update(bag.words())

    @classmethod
    def patched(cls, bags: dict[str, WordBag], keys: dict[str, object], excluded: frozenset[str],
                before: KeywordState | None, bags_before: Callable[[list], dict[object, WordBag]],
                counted: CountedBags | None = None) -> WordCounts:
        """The counts of `bags` (doc id -> bag, `keys` naming each), their document
        frequencies those of `before` less the words of the documents gone and plus those of
        the documents new, when those are fewer than the documents and `bags_before(keys)`
        finds the words of those gone; otherwise counted (from `counted` when given)."""
        counts = cls(bags, excluded=excluded)
        if before is not None:
            now = Counter(keys[doc_id] for doc_id in bags)
            gone, new = before.documents - now, now - before.documents
            if sum(gone.values()) + sum(new.values()) < len(bags):  # else counting costs less
                found = bags_before(list(gone))
                if len(found) == len(gone):
                    by_key = {keys[doc_id]: bag for doc_id, bag in bags.items()}
                    df, counts.touched = Counter(before.df), set()
                    for documents, bag_of, sign in ((gone, found, -1), (new, by_key, 1)):
                        for key, times in documents.items():
                            words = bag_of[key].words()
                            df.update(dict.fromkeys(words, sign * times))
                            counts.touched.update(words)
                    counts.df = +df  # without the words no document uses any more
                    return counts
        if counted is not None:
            counts.df = counted.frequencies(bags, keys)
            return counts
        for bag in bags.values():
            counts.df.update(bag.words())
        return counts

    def counter(self, doc_id: str) -> Counter:
        return Counter(dict(self.bags.get(doc_id, EMPTY).items()))

    def all_keywords(self, keys: dict[str, object], before: KeywordState | None) -> tuple[dict[str, list[str]], KeywordState]:
        """keywords() of every document, and what they were computed from. `keys` names
        each document's words (a document of the same key has the same counts). In a corpus
        of as many documents as `before`'s, a document whose key is in `before` keeps its
        keywords when none of its words changed document frequency since (its scores are the
        same), and when none of its keywords did, they are ranked again with its changed words
        only: every other word ranked below each keyword before and still does."""
        changed: set[str] | None = None
        documents = Counter(keys[doc_id] for doc_id in self.bags)
        if before is not None and before.documents.total() == len(self.bags) and before.excluded == self.excluded:
            if self.touched is not None:
                changed = {w for w in self.touched if self.df.get(w) != before.df.get(w)}
            else:
                changed = {w for w, n in self.df.items() if before.df.get(w) != n}
                changed.update(w for w in before.df if w not in self.df)
        result: dict[str, list[str]] = {}
        computed = 0
        for doc_id, bag in self.bags.items():
            kept = before.keywords.get(keys[doc_id]) if changed is not None else None
            moved = bag.used(changed) if kept is not None else set()
            if kept is not None and not moved:
                result[doc_id] = list(kept)
                continue
            computed += 1
            if kept is not None and moved.isdisjoint(kept):
                result[doc_id] = self.keywords(doc_id, among=moved.union(kept))
            else:
                result[doc_id] = self.keywords(doc_id)
        state = KeywordState(documents, self.excluded, self.df,
                             {keys[doc_id]: tuple(words) for doc_id, words in result.items()}, computed)
        return result, state

    def keywords(self, doc_id: str, limit: int = 10, among: set[str] | None = None) -> list[str]:
        """The words most particular to one document (of its words `among`, if given).

        Score (1 + ln tf) · idf²: squaring the IDF favours words the rest of the corpus does
        not use over words every report uses a little more; a word must recur (twice in a
        short text, three times in a long one) so that one odd phrase is not a keyword, and be
        used by few documents (the least score, below).
        """
        bag = self.bags.get(doc_id, EMPTY)
        n_docs = len(self.bags)
        numbers = np.frombuffer(bag.counts, dtype=np.uintc)  # as array("I") holds them
        least = 2 if int(numbers.sum()) < 2000 else 3
        recurring = np.flatnonzero(numbers >= least).tolist()  # most words occur once: never scored
        words = bag.words()
        items = ((words[at], int(numbers[at])) for at in recurring)
        if among is not None:
            items = ((w, n) for w, n in items if w in among)
        # The least score a keyword needs: used by no more than √N of the N documents (half the
        # IDF a word of one document has); generic words (相对, 若干, 见效) fall below it.
        most_documents = max(2.0, math.sqrt(n_docs))
        scored = [(-(1 + math.log(n)) * math.log(n_docs / self.df[w]) ** 2, w) for w, n in items
                  if w not in self.excluded and self.df[w] <= most_documents and self.df[w] < n_docs]
        return [w for _, w in sorted(scored)[:limit]]

    def shifts(self, before: str | Counter, after: str | Counter, limit: int = 12) -> tuple[list[tuple], list[tuple]]:
        """Words whose rate per 10,000 words rose and fell most from one document to another
        (each a doc id, or its counter() when the caller holds it already).

        Each row is (word, count before, count after); a word must occur three times in one.
        """
        a = self.counter(before) if isinstance(before, str) else before
        b = self.counter(after) if isinstance(after, str) else after
        total_a, total_b = sum(a.values()) or 1, sum(b.values()) or 1
        rows = []
        for word in {w for w, n in a.items() if n >= 3} | {w for w, n in b.items() if n >= 3}:
            if word in self.excluded:
                continue
            change = 10000 * (b[word] / total_b - a[word] / total_a)
            rows.append((change, word, a[word], b[word]))
        rose = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], r[1]))[:limit]
        fell = sorted((r for r in rows if r[0] < 0), key=lambda r: (r[0], r[1]))[:limit]
        return [r[1:] for r in rose], [r[1:] for r in fell]
