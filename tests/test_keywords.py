import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from gwr.enrich.keywords import CountedBags, WordBag, WordCounts, words


def test_words_keep_glossary_terms_whole_and_drop_frame_words():
    tokens = words("一是深化放管服改革，推进最多跑一次。", ("放管服", "最多跑一次"))
    assert "放管服" in tokens and "最多跑一次" in tokens
    assert "一是" not in tokens and "，" not in tokens


def test_keywords_prefer_words_the_rest_of_the_corpus_lacks():
    counts = WordCounts()
    common = ["经济"] * 5 + ["改革"] * 5
    counts.add("a", common + ["港口"] * 4 + ["海运"] * 3)
    counts.add("b", common + ["煤矿"] * 4)
    counts.add("c", common + ["草原"] * 4)
    assert counts.keywords("a", 2) == ["港口", "海运"]
    assert "经济" not in counts.keywords("b")  # in every document: no information


def test_excluded_words_and_single_uses_are_no_keywords():
    counts = WordCounts(excluded=frozenset({"宁波"}))
    counts.add("a", ["宁波"] * 9 + ["港口"] * 3 + ["一次"])
    counts.add("b", ["煤矿"] * 3)
    assert counts.keywords("a") == ["港口"]


def test_shifts_rank_rates_not_raw_counts():
    counts = WordCounts()
    counts.add("2019", ["稳定"] * 10 + ["疫情"] * 0 + ["其他"] * 90)
    counts.add("2020", ["稳定"] * 2 + ["疫情"] * 8 + ["其他"] * 90)
    rose, fell = counts.shifts("2019", "2020")
    assert rose[0] == ("疫情", 0, 8)
    assert fell[0] == ("稳定", 10, 2)


def corpus_of(documents: dict[str, list[str]]) -> WordCounts:
    counts = WordCounts()
    for doc_id, tokens in documents.items():
        counts.add(doc_id, tokens)
    return counts


def test_all_keywords_keeps_only_those_no_changed_frequency_can_move():
    documents = {"a": ["港口"] * 4 + ["海运"] * 3 + ["经济"] * 2,
                 "b": ["煤矿"] * 4 + ["经济"] * 3,
                 "c": ["草原"] * 4 + ["牧业"] * 3}
    keys = {doc_id: (doc_id, 1) for doc_id in documents}
    _, before = corpus_of(documents).all_keywords(keys, None)
    assert before.computed == 3
    # b now uses 港口 too: a's score for 港口 falls; c shares no word with a or b
    edited = {**documents, "b": documents["b"] + ["港口"] * 2}
    counts = corpus_of(edited)
    keywords, after = counts.all_keywords({**keys, "b": ("b", 2)}, before)
    assert keywords == {doc_id: counts.keywords(doc_id) for doc_id in edited}
    assert after.computed == 2  # a (港口's frequency changed) and b (new words); c kept
    assert keywords["a"] != before.keywords[("a", 1)]  # 港口 is no longer a's alone


def test_all_keywords_computes_all_again_when_the_corpus_grows():
    documents = {"a": ["港口"] * 4, "b": ["煤矿"] * 4}
    keys = {doc_id: doc_id for doc_id in documents}
    _, before = corpus_of(documents).all_keywords(keys, None)
    grown = corpus_of({**documents, "c": ["草原"] * 4})
    keywords, after = grown.all_keywords({**keys, "c": "c"}, before)
    assert after.computed == 3 and keywords == {d: grown.keywords(d) for d in "abc"}


def test_frequencies_patched_from_the_last_build_are_those_counted_afresh():
    documents = {"a": ["港口"] * 4 + ["经济"] * 2, "b": ["煤矿"] * 4 + ["经济"] * 3, "c": ["草原"] * 4 + ["港口"]}
    keys = {doc_id: (doc_id, 1) for doc_id in documents}
    bags = {doc_id: WordBag.of(tokens) for doc_id, tokens in documents.items()}
    _, before = WordCounts.patched(bags, keys, frozenset(), None, dict).all_keywords(keys, None)
    edited = {**bags, "b": WordBag.of(["煤矿"] * 4 + ["港口"] * 2)}  # 经济 gone from b, 港口 new in it
    edited_keys = {**keys, "b": ("b", 2)}
    old_bags = {("b", 1): bags["b"]}
    patched = WordCounts.patched(edited, edited_keys, frozenset(), before, lambda gone: {k: old_bags[k] for k in gone})
    fresh = WordCounts.patched(edited, edited_keys, frozenset(), None, dict)
    assert patched.touched is not None and fresh.touched is None
    assert patched.df == fresh.df == Counter({"港口": 3, "煤矿": 1, "草原": 1, "经济": 1})
    assert patched.all_keywords(edited_keys, before)[0] == fresh.all_keywords(edited_keys, None)[0]
    unknown = WordCounts.patched(edited, edited_keys, frozenset(), before, lambda gone: {})  # the old words lost
    assert unknown.touched is None and unknown.df == fresh.df


def test_a_word_bag_holds_its_counts():
    bag = WordBag.of(["港口", "港口", "海运"])
    assert dict(bag.items()) == {"港口": 2, "海运": 1}
    assert bag.used({"海运", "草原"}) == {"海运"} and not bag.used({"港", "草原"})
    many = {f"词{n}" for n in range(40)} | {"港口"}
    assert bag.used(many) == {"港口"}


VOCABULARY = [a + b for a in "港海煤草经改" for b in "口运矿原济革业"]
DOCUMENT = st.lists(st.sampled_from(VOCABULARY), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(DOCUMENT, min_size=2, max_size=6), st.data())
def test_keywords_kept_or_ranked_again_are_those_computed_afresh(documents, data):
    """Whatever the edit, an edited corpus's keywords (some kept, some ranked among the
    changed words only) are those of the corpus counted from nothing."""
    ids = [str(n) for n in range(len(documents))]
    keys = {doc_id: (doc_id, 0) for doc_id in ids}
    _, before = corpus_of(dict(zip(ids, documents))).all_keywords(keys, None)
    edited_id = data.draw(st.sampled_from(ids))
    edited = {**dict(zip(ids, documents)), edited_id: data.draw(DOCUMENT)}
    counts = corpus_of(edited)
    keywords, _ = counts.all_keywords({**keys, edited_id: (edited_id, 1)}, before)
    assert keywords == {doc_id: counts.keywords(doc_id, limit=10) for doc_id in ids}


def test_keywords_ranked_again_among_changed_words_only_when_no_keyword_changed():
    # a's keywords 港口, 海运; the edit of b moves the frequency of 煤矿 only, which a uses
    # once too often to matter but must be weighed again
    documents = {"a": ["港口"] * 5 + ["海运"] * 4 + ["煤矿"] * 2, "b": ["煤矿"] * 4, "c": ["草原"] * 4}
    keys = {doc_id: (doc_id, 1) for doc_id in documents}
    _, before = corpus_of(documents).all_keywords(keys, None)
    edited = {**documents, "c": ["草原"] * 4 + ["煤矿"] * 2}
    counts = corpus_of(edited)
    keywords, after = counts.all_keywords({**keys, "c": ("c", 2)}, before)
    assert keywords == {doc_id: counts.keywords(doc_id) for doc_id in edited}
    assert after.computed == 3 and keywords["a"] == ["港口", "海运"]


def test_a_keyword_whose_frequency_rose_may_give_way_to_an_unchanged_word():
    own = [f"乙{n}" for n in range(10)]  # a's alone: its ten keywords
    documents = {"a": (own + ["一一"]) * 2, "b": ["一一"] * 2, "c": ["丙丙"] * 2, "d": ["丁丁"] * 2}
    keys = {doc_id: (doc_id, 1) for doc_id in documents}
    _, before = corpus_of(documents).all_keywords(keys, None)
    assert before.keywords[("a", 1)] == tuple(own)
    edited = {**documents, "c": ["丙丙", "乙0"] * 2}  # 乙0 now as frequent as 一一, which sorts first
    counts = corpus_of(edited)
    keywords, _ = counts.all_keywords({**keys, "c": ("c", 2)}, before)
    assert keywords["a"] == own[1:] + ["一一"] == counts.keywords("a")


WORDS = st.sets(st.sampled_from(["港口", "海运", "经济", "乡村", "振兴", "数字"]), max_size=4)


@given(st.lists(st.tuples(st.integers(0, 4), WORDS), max_size=8), st.sets(st.integers(0, 6)))
def test_frequencies_counted_as_bags_come_are_those_of_the_documents_kept(documents, parsed_keys):
    """Documents share keys (same words), the parse gave some keys and not others, and
    some keys it gave no document has (left out as duplicates)."""
    words_of = {key: words for key, words in documents}
    counted = CountedBags()
    for key in sorted(parsed_keys):
        counted.add(key, WordBag.of(Counter(words_of.get(key, {"废弃"}))))
    bags = {f"d{n}": WordBag.of(Counter(words_of[key])) for n, (key, _) in enumerate(documents)}
    keys = {f"d{n}": key for n, (key, _) in enumerate(documents)}
    expected = Counter(word for bag in bags.values() for word in bag.words())
    assert counted.frequencies(bags, keys) == expected


def keywords_by_definition(counts: WordCounts, doc_id: str, limit: int = 10) -> list[str]:
    """(1 + ln tf) · idf² of every word of the document that recurs (twice in a short text,
    three times in a long one), is not excluded and is used by no more than √N of the N documents."""
    bag, n_docs = counts.bags[doc_id], len(counts.bags)
    tf = dict(bag.items())
    least = 2 if sum(tf.values()) < 2000 else 3
    scored = sorted((-(1 + math.log(n)) * math.log(n_docs / counts.df[w]) ** 2, w) for w, n in tf.items()
                    if n >= least and w not in counts.excluded and counts.df[w] < n_docs
                    and counts.df[w] <= max(2, math.sqrt(n_docs)))  # used by few documents
    return [w for _, w in scored[:limit]]


# A document of a few words repeated: short texts and long (past 2,000 words) alike.
REPEATED = st.tuples(st.lists(st.sampled_from(VOCABULARY), min_size=20, max_size=30), st.sampled_from([1, 2, 120]),
                     st.lists(st.sampled_from(VOCABULARY), max_size=12))


@given(st.lists(REPEATED, min_size=2, max_size=5), st.sets(st.sampled_from(VOCABULARY), max_size=3))
def test_keywords_are_those_of_their_definition(documents, excluded):
    counts = WordCounts(excluded=frozenset(excluded))
    for n, (repeated, times, rare) in enumerate(documents):
        counts.add(str(n), repeated * times + rare)
    for n in range(len(documents)):
        assert counts.keywords(str(n), limit=100) == keywords_by_definition(counts, str(n), limit=100)  # every word scored


def test_fragments_and_frame_words_are_no_words():
    assert words("推动京津冀协同发展，建设地铁3号线，以学铸魂，还利于民，就是要再次出发，一九五四年") .keys().isdisjoint(
        {"号线", "以学", "于民", "就是", "再次", "一九五四年"})
    assert {"十二五", "京津冀"} <= set(words("十二五规划，十二五时期，京津冀，京津冀"))
