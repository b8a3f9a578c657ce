"""Search: the Python and browser halves agree, and the real lunr.js finds every occurrence."""
import json
import subprocess

from gwr.search import char_map, fold, tokens
from tests.conftest import ROOT
from tests.harness import asset_file


def test_fold_keeps_length_and_folds_script_width_and_case():
    text = "發展ＧＤＰ增長６．５％"
    assert fold(text) == "发展gdp增长6.5%"
    assert len(fold(text)) == len(text)


def test_tokens_are_bigrams_of_word_runs_and_their_last_character():
    assert tokens("营商环境") == ["营商", "商环", "环境", "境"]
    assert tokens("PM2.5，5G") == ["pm", "m2", "2", "5", "5g", "g"]
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
    sections = json.loads(asset_file(out, "search-store.json").read_text(encoding="utf-8"))["sections"]
    samples = [s[3][i:i + 40] for s in sections for i in range(0, len(s[3]), 997)][:400]
    samples += ["ＰＭ２．５和5G", "二〇二〇年", "發展經濟", "Ⅲ期", "“最多跑一次”"]
    script = f"""
      const S = require('./static/search.js');
      const map = require({json.dumps(str(asset_file(out, "search-fold.json")))});
      let input = ''; process.stdin.on('data', d => input += d).on('end', () => {{
        const texts = JSON.parse(input);
        console.log(JSON.stringify(texts.map(t => [S.fold(t, map), S.tokens(t, map)])));
      }});"""
    from_js = node(script, samples)
    assert from_js == [[fold(t), tokens(t)] for t in samples]


def test_benchmark_recall_and_precision_on_the_seeds(seed_build):
    out, _ = seed_build
    result = subprocess.run(["node", "bench/search_bench.js", str(out), "150"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    recall = float(figures["recall"].split(" %")[0])
    precision = float(figures["precision"].split(" %")[0])
    assert recall >= 99.0 and precision >= 95.0, result.stdout
