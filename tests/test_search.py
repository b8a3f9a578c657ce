"""Search: the Python and browser halves agree, and the real lunr.js finds every occurrence."""
import gzip
import json
import subprocess

from collections import Counter

from lunr.builder import Builder

from gwr.search.shards import (FIELD, ChunkFiles, GroupIndex, SearchLayout, changed_buckets, char_map, chunk_shards,
                               compact_index, fold, group_pieces, new_builder, numbers_code, term_bucket, tokens)
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
    rows = [json.loads(line) for line in (out / "data" / "sections.jsonl").read_text(encoding="utf-8").splitlines()]
    samples = [r["text"][i:i + 40] for r in rows for i in range(0, len(r["text"]), 997)][:400]
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
        counted.add_all([(ref, Counter(terms))])
    assert counted.build().serialize() == stock.build().serialize()


def test_pieces_split_a_group_by_the_bucket_of_each_term():
    sections = [[["", [], "发展经济"]], [["a", ["标题"], "营商环境"]]]
    pieces = group_pieces(sections, 4)
    terms = {b: [entry[0] for entry in json.loads(piece)] for b, piece in pieces.items()}
    assert sorted(t for ts in terms.values() for t in ts) == sorted(set(tokens("标题\n营商环境") + tokens("发展经济")))
    assert all(term_bucket(t, 4) == b for b, ts in terms.items() for t in ts)
    assert all(ts == sorted(ts) for ts in terms.values())


def test_a_compact_index_names_each_posting_once_with_its_weight():
    builder = new_builder()
    builder.add_all([("0", Counter(["经济", "经济", "发展"])), ("2", Counter(["经济"]))])
    index = builder.build()
    weights = {ref[2:]: vector.elements for ref, vector in index.field_vectors.items()}
    economy = index.inverted_index["经济"]["_index"]
    in_doc = {ref: dict(zip(v[::2], v[1::2]))[economy] for ref, v in weights.items()}
    assert compact_index(index)[1] == ["经济", numbers_code([0, 2]),
                                       numbers_code([round(in_doc["0"] * 1000), round(in_doc["2"] * 1000)])]
    assert compact_index(index)[0][:2] == ["发展", numbers_code([0])]


def test_numbers_are_written_five_bits_a_character_and_read_back_in_the_browser():
    values = [0, 31, 32, 1023, 1024, 32767, 32768, 10**9]
    assert numbers_code(values[:3]) == "A" + "f" + "hA"  # 32 = 1·32 + 0: a continued 1, then 0
    code = numbers_code(values)
    assert node("const S = require('./static/search.js'); let i = ''; process.stdin.on('data', d => i += d)"
                ".on('end', () => console.log(JSON.stringify(S.readNumbers(JSON.parse(i)))));", code) == values


def test_lunr_js_answers_from_the_expanded_index_as_from_lunr_json():
    texts = ["发展新质生产力，发展经济", "营商环境持续优化", "经济发展", "乡村全面振兴，发展特色产业"]
    builder = new_builder()
    for ref, text in enumerate(texts):
        builder.add_all([(str(ref), Counter(tokens(text)))])
    index = builder.build()
    payload = {"stock": index.serialize(), "compact": compact_index(index),
               "queries": [["发展"], ["经济", "济发"], ["优化"], ["振兴", "发"], ["无此"]]}
    script = """
      const lunr = require('lunr');
      const S = require('./static/search.js');
      let input = ''; process.stdin.on('data', d => input += d).on('end', () => {
        const p = JSON.parse(input);
        const ask = (index, terms) => index.query(q => terms.forEach(t => q.term(t, {usePipeline: false,
          presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.NONE}))).map(r => [r.ref, r.score]);
        const stock = lunr.Index.load(p.stock), expanded = S.expandIndex(lunr, p.compact);
        console.log(JSON.stringify(p.queries.map(terms => [ask(stock, terms), ask(expanded, terms)])));
      });"""
    answers = node(script, payload)
    assert [len(a[0]) for a in answers] == [3, 1, 1, 1, 0]
    assert all(stock == expanded for stock, expanded in answers)


def test_a_group_built_in_parts_gives_the_pieces_built_at_once():
    sections = [[["", [], "发展经济，优化营商环境"]], [["a", ["标题"], "营商环境持续优化"]], [["", [], "乡村振兴"]]]
    whole = group_pieces(sections, 8)
    parts = [group_pieces(sections, 8, part, 3) for part in range(3)]
    assert sum(len(p) for p in parts) == len(whole)
    assert {b: data for p in parts for b, data in p.items()} == whole


class Kept:
    """A stored value held in memory (the build keeps them on disk: gwr.build.spill)."""

    def __init__(self, value):
        self.value = value

    def load(self):
        return self.value

    @property
    def content_key(self):
        return repr(self.value)


def store_all(values):
    return [Kept(v) for v in values]


def test_a_group_patched_in_the_units_an_edit_touched_is_the_group_built_whole():
    layout = SearchLayout(1, 1024)  # units of 4 buckets, chunks of 64
    before = [[["", [], "发展经济，优化营商环境"]], [["a", ["标题"], "营商环境持续优化"]], [["", [], "乡村振兴"]]]
    after = [before[0], [["a", ["标题"], "营商环境持续优化升级"]], before[2]]
    only = frozenset(changed_buckets(before[1], after[1], 1024))
    assert 0 < len(only) < 1024 and len(only) % 4 == 0
    rebuilt = group_pieces(after, 1024, only=only)
    assert set(rebuilt) <= only
    last = GroupIndex.of(group_pieces(before, 1024), layout, store_all)
    patched = last.patched(only, rebuilt, store_all)
    whole = GroupIndex.of(group_pieces(after, 1024), layout, store_all)
    assert [patched.pieces(c) for c in range(layout.chunks)] == [whole.pieces(c) for c in range(layout.chunks)]
    untouched = {c for c in range(layout.chunks)} - {b // 64 for b in only}
    assert untouched and all(patched.chunks[c] is last.chunks[c] for c in untouched)


def test_a_shard_holds_each_groups_piece_of_its_bucket_in_group_order():
    layout = SearchLayout(2, 64)
    groups = [group_pieces([[["", [], "发展经济"]]], 64), group_pieces([[["", [], "营商环境"]]], 64)]
    indexes = [GroupIndex.of(pieces, layout, store_all) for pieces in groups]
    shards = chunk_shards(indexes, 0)
    assert set(shards) == set(groups[0]) | set(groups[1])
    for bucket, data in shards.items():
        assert json.loads(data) == [json.loads(g[bucket]) if bucket in g else 0 for g in groups]
    files, written = ChunkFiles.of("x", shards)
    assert len(written) == len(shards) and all(json.loads(gzip.decompress(written[f.path])) == json.loads(shards[f.bucket])
                                               for f in files.files)


def test_a_chunk_made_again_packs_only_the_shards_whose_bytes_changed():
    layout = SearchLayout(1, 64)
    before = GroupIndex.of(group_pieces([[["", [], "发展经济"]]], 64), layout, store_all)
    after = GroupIndex.of(group_pieces([[["", [], "发展经济，营商"]]], 64), layout, store_all)
    last, _ = ChunkFiles.of("before", chunk_shards([before], 0))
    files, written = ChunkFiles.of("after", chunk_shards([after], 0), lambda f: True, last)
    changed = {f.bucket for f in files.files if f not in last.files}
    assert changed and changed == {f.bucket for f in files.files if f.path in written}
    assert len(written) < len(files.files)  # the buckets of 发展经济 alone kept their files
    _, all_again = ChunkFiles.of("after", chunk_shards([after], 0), lambda f: False, last)  # not in the output
    assert len(all_again) == len(files.files)


def test_benchmark_recall_and_precision_on_the_seeds(seed_build):
    out, _ = seed_build
    result = subprocess.run(["node", "bench/search_bench.js", str(out), "150"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    recall = float(figures["recall"].split(" %")[0])
    precision = float(figures["precision"].split(" %")[0])
    assert recall >= 99.0 and precision >= 95.0, result.stdout
