"""Search: the Python and browser halves agree, and the real lunr.js finds every occurrence."""
import gzip
import json
import subprocess

from collections import Counter

import numpy as np
from lunr.builder import Builder

from gwr.search.pieces import FIELD, group_pieces, number_codes, numbers_code, thousandths, unit_size
from gwr.search.shards import (ChunkFiles, GroupIndex, SearchLayout, changed_buckets, chunk_shards, chunk_sources,
                               search_text)
from gwr.search.terms import char_map, fold, term_bucket, term_buckets, term_counts, term_strings, tokens
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


MIXED_TEXT = ("發展新質生產力，发展经济：ＧＤＰ增长５．５％左右，PM2.5下降；二〇二五年，"
              "Ærø和𠀀字，营商环境持续优化。\n乡村全面振兴，发展特色产业")


def test_term_counts_are_the_counts_of_the_tokens():
    keys, counts = term_counts(MIXED_TEXT)
    assert dict(zip(term_strings(keys), counts.tolist())) == Counter(tokens(MIXED_TEXT))
    assert term_strings(keys) == sorted(term_strings(keys))  # keys sort as their terms
    assert term_buckets(keys, 509).tolist() == [term_bucket(t, 509) for t in term_strings(keys)]
    assert len(term_counts("，。")[0]) == 0 and len(term_counts("")[0]) == 0


def stock_pieces(texts: list[str], buckets: int) -> dict[int, list]:
    """What lunr.py's own Builder makes of the texts, unit by unit, written as pieces are: the
    reference group_pieces is held to. Each unit's index has the documents that have terms in
    it, of those terms alone."""
    size = unit_size(buckets)
    units: dict[int, dict[str, list[str]]] = {}
    for ref, text in enumerate(texts):
        for term in tokens(text):
            units.setdefault(term_bucket(term, buckets) // size, {}).setdefault(str(ref), []).append(term)
    pieces: dict[int, list] = {}
    for documents in units.values():
        builder = Builder()
        builder.ref("id")
        builder.field(FIELD)
        for ref, terms in documents.items():
            builder.add({"id": ref, FIELD: terms})
        index = builder.build().serialize()
        weights = {}  # (term number, document) -> weight
        for field_ref, vector in index["fieldVectors"]:
            for number, weight in zip(vector[::2], vector[1::2]):
                weights[number, int(field_ref.split("/", 1)[1])] = weight
        for term, posting in sorted(index["invertedIndex"]):
            refs = sorted(int(ref) for ref in posting[FIELD])
            pieces.setdefault(term_bucket(term, buckets), []).append(
                [term, numbers_code([refs[0]] + [b - a for a, b in zip(refs, refs[1:])]),
                 numbers_code([round(weights[posting["_index"], ref] * 1000) for ref in refs])])
    return pieces


def test_pieces_are_the_index_lunr_py_builds_of_each_unit():
    texts = [MIXED_TEXT, "营商环境持续优化", "经济发展，发展经济", "", "乡村振兴" * 3 + "经济"]
    for buckets in (1, 8, 512):
        pieces = group_pieces(texts, buckets)
        assert {b: json.loads(piece) for b, piece in pieces.items()} == stock_pieces(texts, buckets)
        assert all(piece == json.dumps(json.loads(piece), ensure_ascii=False, separators=(",", ":")).encode()
                   for piece in pieces.values())


def test_pieces_split_a_group_by_the_bucket_of_each_term():
    pieces = group_pieces(["发展经济", "标题\n营商环境"], 4)
    terms = {b: [entry[0] for entry in json.loads(piece)] for b, piece in pieces.items()}
    assert sorted(t for ts in terms.values() for t in ts) == sorted(set(tokens("标题\n营商环境") + tokens("发展经济")))
    assert all(term_bucket(t, 4) == b for b, ts in terms.items() for t in ts)
    assert all(ts == sorted(ts) for ts in terms.values())


def test_weights_are_rounded_as_python_rounds_them_even_where_a_product_ties():
    weights = np.array([0.0625, 0.0005, 0.0015, 1.2345, 2.0004999, 0.1234, 7.9995])
    assert thousandths(weights).tolist() == [round(round(w, 3) * 1000) for w in weights.tolist()]


def test_numbers_are_coded_together_as_one_by_one():
    values = [0, 31, 32, 1023, 1024, 32767, 32768, 10**9, 5]
    codes, ends = number_codes(np.array(values))
    assert [codes[a:b] for a, b in zip([0] + ends.tolist(), ends.tolist())] == [numbers_code([v]) for v in values]


def test_numbers_are_written_five_bits_a_character_and_read_back_in_the_browser():
    values = [0, 31, 32, 1023, 1024, 32767, 32768, 10**9]
    assert numbers_code(values[:3]) == "A" + "f" + "hA"  # 32 = 1·32 + 0: a continued 1, then 0
    code = numbers_code(values)
    assert node("const S = require('./static/search.js'); let i = ''; process.stdin.on('data', d => i += d)"
                ".on('end', () => console.log(JSON.stringify(S.readNumbers(JSON.parse(i)))));", code) == values


def test_lunr_js_answers_from_the_expanded_index_as_from_lunr_json():
    texts = ["发展新质生产力，发展经济", "营商环境持续优化", "经济发展", "乡村全面振兴，发展特色产业"]
    stock = Builder()
    stock.ref("id")
    stock.field(FIELD)
    for ref, text in enumerate(texts):
        stock.add({"id": str(ref), FIELD: tokens(text)})
    payload = {"stock": stock.build().serialize(), "compact": json.loads(group_pieces(texts, 1)[0]),
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
    texts = ["发展经济，优化营商环境", "标题\n营商环境持续优化", "乡村振兴"]
    whole = group_pieces(texts, 8)
    parts = [group_pieces(texts, 8, part, 3) for part in range(3)]
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
    rebuilt = group_pieces(list(map(search_text, after)), 1024, only=only)
    assert set(rebuilt) <= only
    last = GroupIndex.of(group_pieces(list(map(search_text, before)), 1024), layout, store_all)
    patched = last.patched(only, rebuilt, store_all)
    whole = GroupIndex.of(group_pieces(list(map(search_text, after)), 1024), layout, store_all)
    assert [patched.pieces(c) for c in range(layout.chunks)] == [whole.pieces(c) for c in range(layout.chunks)]
    untouched = {c for c in range(layout.chunks)} - {b // 64 for b in only}
    assert untouched and all(patched.chunks[c] is last.chunks[c] for c in untouched)


def test_a_shard_holds_each_groups_piece_of_its_bucket_in_group_order():
    layout = SearchLayout(2, 64)
    groups = [group_pieces(["发展经济"], 64), group_pieces(["营商环境"], 64)]
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
    before = GroupIndex.of(group_pieces(["发展经济"], 64), layout, store_all)
    after = GroupIndex.of(group_pieces(["发展经济，营商"], 64), layout, store_all)
    last, _ = ChunkFiles.of("before", chunk_shards([before], 0))
    files, written = ChunkFiles.of("after", chunk_shards([after], 0), lambda f: True, last)
    changed = {f.bucket for f in files.files if f not in last.files}
    assert changed and changed == {f.bucket for f in files.files if f.path in written}
    assert len(written) < len(files.files)  # the buckets of 发展经济 alone kept their files
    _, all_again = ChunkFiles.of("after", chunk_shards([after], 0), lambda f: False, last)  # not in the output
    assert len(all_again) == len(files.files)


def test_a_chunk_made_again_for_the_buckets_whose_pieces_changed_is_the_chunk_made_whole():
    layout = SearchLayout(1, 64)
    texts = ["发展经济，优化营商环境", "乡村振兴，共同富裕", "营商环境持续优化", "科技创新引领产业"]
    groups = [GroupIndex.of(group_pieces([text], 64), layout, store_all) for text in texts]
    last, _ = ChunkFiles.of(chunk_sources(groups, 0), chunk_shards(groups, 0), lambda f: True)
    edited = groups[:2] + [GroupIndex.of(group_pieces(["营商环境持续优化升级"], 64), layout, store_all)] + groups[3:]
    sources = chunk_sources(edited, 0)
    assert not last.made_of(sources)
    only = last.changed_buckets(sources, lambda f: True)
    before, after = groups[2].pieces(0), edited[2].pieces(0)
    assert only == {b for b in before.keys() | after.keys() if before.get(b) != after.get(b)} and only
    assert len(only) < len(last.files)
    in_part, written = ChunkFiles.of(sources, chunk_shards(edited, 0, only), lambda f: True, last, only=only)
    whole, _ = ChunkFiles.of(sources, chunk_shards(edited, 0))
    assert in_part == whole and written  # the same files, of the same bytes, as made whole
    assert set(written) == {f.path for f in whole.files} - {f.path for f in last.files}
    # a file the output no longer holds is made again, though its pieces did not change
    missing = next(f for f in last.files if f.bucket not in only)
    assert missing.bucket in last.changed_buckets(sources, lambda f: f is not missing)
    # most groups changed: every bucket, rather than comparing each group's pieces
    assert last.changed_buckets(chunk_sources(list(reversed(groups)), 0), lambda f: True) is None


def test_benchmark_recall_and_precision_on_the_seeds(seed_build):
    out, _ = seed_build
    result = subprocess.run(["node", "bench/search_bench.js", str(out), "150"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    recall = float(figures["recall"].split(" %")[0])
    precision = float(figures["precision"].split(" %")[0])
    assert recall >= 99.0 and precision >= 95.0, result.stdout
