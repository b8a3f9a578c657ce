// GWR Reader search: the browser half of gwr/search.py. The folding and the tokens here must
// be the same as there (a test runs both on the same strings). Usable from Node (the
// benchmark) and from the page, where it drives /search/ and highlights matches on reports.
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.GwrSearch = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const WORD_RUN = /[0-9a-z\u00c0-\u024f\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  // Fold character by character, so offsets in the folded text are offsets in the original.
  function foldChar(ch, map) {
    if (map && Object.prototype.hasOwnProperty.call(map, ch)) return map[ch];
    const normal = ch.normalize("NFKC");
    return (normal.length === 1 ? normal : ch).toLowerCase();
  }
  function fold(text, map) {
    let out = "";
    for (let i = 0; i < text.length; i++) out += foldChar(text[i], map);
    return out;
  }

  // Overlapping bigrams of each run of word characters, and its last character.
  function tokens(text, map) {
    const found = [];
    const runs = fold(text, map).match(WORD_RUN) || [];
    for (const run of runs) {
      for (let i = 0; i + 1 < run.length; i++) found.push(run.slice(i, i + 2));
      found.push(run[run.length - 1]);
    }
    return found;
  }

  // A query is its words (split at spaces), or one exact phrase in quotes.
  function parseQuery(query, map) {
    const text = query.trim();
    const quoted = /^["“”「『](.+)["“”」』]$/.exec(text);
    const words = quoted ? [quoted[1]] : text.split(/\s+/).filter(Boolean);
    return words.map(function (w) { return fold(w, map); }).filter(Boolean);
  }

  // Query terms for lunr: a word's bigrams, each required; a single character is a prefix.
  function queryTerms(words, map) {
    const terms = [];
    for (const word of words) {
      const runs = word.match(WORD_RUN) || [];
      for (const run of runs) {
        if (run.length === 1) terms.push({ term: run, prefix: true });
        for (let i = 0; i + 1 < run.length; i++) terms.push({ term: run.slice(i, i + 2), prefix: false });
      }
    }
    return terms;
  }

  function sectionText(section) { return (section[2].length ? section[2][section[2].length - 1] : "") + "\n" + section[3]; }

  function contains(folded, words) {
    return words.every(function (w) { return folded.indexOf(w) !== -1; });
  }

  // Every section that really contains every word: lunr proposes, the stored text decides.
  function search(lunr, index, store, map, query) {
    const words = parseQuery(query, map);
    if (!words.length) return [];
    const terms = queryTerms(words, map);
    let candidates;
    if (terms.length) {
      candidates = index.query(function (q) {
        for (const t of terms) {
          q.term(t.term, {
            fields: ["heading", "text"], usePipeline: false,
            presence: lunr.Query.presence.REQUIRED,
            wildcard: t.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          });
        }
      });
    } else {  // only punctuation: no token to look up, so read every section
      candidates = store.sections.map(function (_, i) { return { ref: String(i), score: 0 }; });
    }
    const hits = [];
    for (const c of candidates) {
      const section = store.sections[Number(c.ref)];
      if (contains(fold(sectionText(section), map), words)) hits.push({ ref: Number(c.ref), score: c.score, section: section });
    }
    return hits;
  }

  // [start, end) of every occurrence of the words in text, merged, in order.
  function matchRanges(text, words, map) {
    const folded = fold(text, map);
    const ranges = [];
    for (const w of words) {
      for (let i = folded.indexOf(w); i !== -1; i = folded.indexOf(w, i + w.length)) ranges.push([i, i + w.length]);
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    }
    return merged;
  }

  return { fold: fold, tokens: tokens, parseQuery: parseQuery, queryTerms: queryTerms, search: search,
           matchRanges: matchRanges, sectionText: sectionText };
});
