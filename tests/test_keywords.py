from gwr.keywords import WordCounts, words


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
