"""Search: the Python and browser halves agree, and the real lunr.js finds every occurrence."""
import json
import subprocess

from collections import Counter

from lunr.builder import Builder

from gwr.search import FIELD, changed_buckets, char_map, fold, group_shards, new_builder, term_bucket, tokens
from tests.conftest import ROOT
from tests.harness import asset_file


def test_fold_keeps_length_and_folds_script_width_and_case():
    text = "發展ＧＤＰ增長６．５％"
    assert fold(text) == "发展gdp增长6.5%"
    assert len(fold(text)) == len(text)


def test_tokens_are_bigrams_of_word_runs_and_their_characters():
    assert tokens("营商环境") == ["营商", "商环", "环境", "营", "商", "环", "境"]
    assert tokens("PM2.5，5G") == ["pm", "m2", "p", "m", "2", "5", "5g", "5", "g"]
    assert tokens("經濟") == tokens("经济")
    assert tokens("，。") == []


def test_char_map_covers_traditional_characters_and_the_corpus():
    mapping = char_map(["Ａ發"])
    assert mapping["發"] == "发" and mapping["Ａ"] == "a"
    assert "发" not in mapping


def test_char_map_does_not_change_when_the_corpus_gains_common_characters():
    assert char_map(["经济發展，（ＧＤＰ）Ⅳ期、“一网通办”\u00a0"]) == char_map([])
    assert "𝐀" in char_map(["𝐀"])  # outside the fixed blocks: taken from the corpus


def node(script: str, payload) -> object:
    result = subprocess.run(["node", "-e", script], input=json.dumps(payload, ensure_ascii=False),
                            capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout)


def test_the_browser_cuts_text_exactly_as_the_build(seed_build):
    out, _ = seed_build
    manifest = json.loads(asset_file(out, "search-manifest.json").read_text(encoding="utf-8"))
    sections = [s for r in manifest["reports"] for s in json.loads((out / r[7].lstrip("/")).read_text("utf-8"))["sections"]]
    samples = [s[2][i:i + 40] for s in sections for i in range(0, len(s[2]), 997)][:400]
    samples += ["ＰＭ２．５和5G", "二〇二〇年", "發展經濟", "Ⅲ期", "“最多跑一次”"]
    script = f"""
      const S = require('./static/search.js');
      const map = require({json.dumps(str(asset_file(out, "search-fold.json")))});
      let input = ''; process.stdin.on('data', d => input += d).on('end', () => {{
        const texts = JSON.parse(input);
        console.log(JSON.stringify(texts.map(t => {{
          const tokens = S.tokens(t, map);
          return [S.fold(t, map), tokens, tokens.map(x => S.termBucket(x, 509))];
        }})));
      }});"""
    from_js = node(script, samples)
    assert from_js == [[fold(t), tokens(t), [term_bucket(x, 509) for x in tokens(t)]] for t in samples]


def test_counted_builder_builds_the_index_lunr_builder_add_builds():
    docs = {"0": tokens("发展新质生产力，发展经济"), "1": tokens("营商环境持续优化"), "2": tokens("经济发展")}
    stock = Builder()
    stock.ref("id")
    stock.field(FIELD)
    for ref, terms in docs.items():
        stock.add({"id": ref, FIELD: terms})
    counted = new_builder()
    for ref, terms in docs.items():
        counted.add_counts(ref, Counter(terms), len(terms))
    assert counted.build().serialize() == stock.build().serialize()


def test_shards_split_a_group_by_the_bucket_of_each_term():
    sections = [[["", [], "发展经济"]], [["a", ["标题"], "营商环境"]]]
    shards = group_shards(sections, 4)
    terms = {b: [t for t, _ in json.loads(text)["invertedIndex"]] for b, text in shards.items()}
    assert sorted(t for ts in terms.values() for t in ts) == sorted(set(tokens("标题\n营商环境") + tokens("发展经济")))
    assert all(term_bucket(t, 4) == b for b, ts in terms.items() for t in ts)


def test_a_group_built_in_parts_gives_the_shards_built_at_once():
    sections = [[["", [], "发展经济，优化营商环境"]], [["a", ["标题"], "营商环境持续优化"]], [["", [], "乡村振兴"]]]
    whole = group_shards(sections, 8)
    parts = [group_shards(sections, 8, part, 3) for part in range(3)]
    assert sum(len(p) for p in parts) == len(whole)
    assert {b: data for p in parts for b, data in p.items()} == whole


def test_a_group_built_again_in_the_buckets_an_edit_touched_is_the_group_built_whole():
    before = [[["", [], "发展经济，优化营商环境"]], [["a", ["标题"], "营商环境持续优化"]], [["", [], "乡村振兴"]]]
    after = [before[0], [["a", ["标题"], "营商环境持续优化，培育新质生产力"]], before[2]]
    only = changed_buckets(before[1], after[1], 64)
    assert 0 < len(only) < 64
    rebuilt = group_shards(after, 64, only=frozenset(only))
    assert set(rebuilt) <= only
    kept = {b: data for b, data in group_shards(before, 64).items() if b not in only}
    assert dict(sorted({**kept, **rebuilt}.items())) == group_shards(after, 64)


def test_benchmark_recall_and_precision_on_the_seeds(seed_build):
    out, _ = seed_build
    result = subprocess.run(["node", "bench/search_bench.js", str(out), "150"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    recall = float(figures["recall"].split(" %")[0])
    precision = float(figures["precision"].split(" %")[0])
    assert recall >= 99.0 and precision >= 95.0, result.stdout
