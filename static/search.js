// GWR Reader search: the browser half of gwr/search/ (terms.py, pieces.py, shards.py). The
// folding and the tokens here must be the same as there (a test runs both on the same
// strings). Usable from Node (the benchmark) and from the page, where it drives /search/
// and highlights matches on reports.
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

  // Overlapping bigrams of each run of word characters, then its characters.
  function tokens(text, map) {
    const found = [];
    const runs = fold(text, map).match(WORD_RUN) || [];
    for (const run of runs) {
      for (let i = 0; i + 1 < run.length; i++) found.push(run.slice(i, i + 2));
      for (const ch of run) found.push(ch);
    }
    return found;
  }

  // FNV-1a over the term's characters: gwr/search/terms.py term_bucket computes the same.
  function termBucket(term, buckets) {
    let h = 0x811c9dc5;
    for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
    return h % buckets;
  }

  // A query is its words (split at spaces), or one exact phrase in quotes.
  function parseQuery(query, map) {
    const text = query.trim();
    const quoted = /^["“”「『](.+)["“”」』]$/.exec(text);
    const words = quoted ? [quoted[1]] : text.split(/\s+/).filter(Boolean);
    return words.map(function (w) { return fold(w, map); }).filter(Boolean);
  }

  // The index terms a report must hold to contain every word: a run's bigrams, or its one character.
  function queryTerms(words) {
    const terms = new Set();
    for (const word of words) {
      for (const run of word.match(WORD_RUN) || []) {
        if (run.length === 1) terms.add(run);
        for (let i = 0; i + 1 < run.length; i++) terms.add(run.slice(i, i + 2));
      }
    }
    return Array.from(terms).sort();
  }

  // Non-negative integers written by gwr/search/pieces.py numbers_code: base-64 digits of 5 bits, most
  // significant first, a digit of the upper half saying that more follow.
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGIT_VALUE = {};
  for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS[i]] = i;
  function readNumbers(code) {
    const values = [];
    let value = 0;
    for (let i = 0; i < code.length; i++) {
      const digit = DIGIT_VALUE[code[i]];
      if (digit >= 32) value = value * 32 + digit - 32;
      else { values.push(value * 32 + digit); value = 0; }
    }
    return values;
  }

  // A group's index in a bucket, as gwr/search/pieces.py group_pieces writes it ([term, gaps between
  // document numbers, weights in thousandths] of each term, in order), back in lunr's own form.
  function expandIndex(lunr, piece) {
    const vectors = new Map();
    const inverted = piece.map(function (entry, position) {
      const postings = {};
      const weights = readNumbers(entry[2]);
      let ref = 0;
      readNumbers(entry[1]).forEach(function (gap, i) {
        ref += gap;
        postings[ref] = {};
        if (!vectors.has(ref)) vectors.set(ref, []);
        vectors.get(ref).push(position, weights[i] / 1000);
      });
      return [entry[0], { _index: position, t: postings }];
    });
    const fieldVectors = Array.from(vectors.keys()).sort(function (a, b) { return a - b; })
      .map(function (ref) { return ["t/" + ref, vectors.get(ref)]; });
    return lunr.Index.load({ version: lunr.version, fields: ["t"], fieldVectors: fieldVectors,
                             invertedIndex: inverted, pipeline: [] });
  }

  // A bucket's shard: for each group, its lunr.Index, or null when none of its reports has a term there.
  function loadShard(lunr, shard) {
    return shard.map(function (piece) { return piece === 0 ? null : expandIndex(lunr, piece); });
  }

  // The file of a bucket's shard, or null when no report has a term of the bucket.
  function shardUrl(manifest, bucket) {
    const name = manifest.shards[bucket];
    return name === undefined ? null : manifest.shard_path + bucket + "." + name + ".json.gz";
  }

  // What the manifest says of report `number`: [id, title, region, year, type, characters] as a record.
  function reportInfo(manifest, number) {
    const r = manifest.reports[number];
    const place = r[2] >= 0 ? manifest.regions[r[2]] : ["", "", ""];
    return { id: r[0], title: r[1], region: place[0], province: place[1], level: place[2], year: r[3], type: r[4],
             chars: r[5], url: manifest.report_path + r[0] + "/" };
  }

  // The text of a paragraph of a report page: its words and marks, without the repair mark
  // and the link to it that follow them.
  function paragraphText(p) {
    let text = "";
    p.childNodes.forEach(function (node) {
      if (node.nodeType !== 1 || !node.matches(".fix, .pilcrow")) text += node.textContent;
    });
    return text;
  }

  // A report page's sections as [anchor, heading path, text], the sections the build indexed
  // (gwr/search/shards.py report_sections): the preamble (anchor ""), then every section in
  // the order of the page, each with the text of its own paragraphs.
  function pageSections(doc) {
    const body = doc.querySelector(".report .body");
    if (!body) return [];
    const texts = function (parent) {
      return Array.from(parent.children).filter(function (c) { return c.matches("p.para"); }).map(paragraphText).join("\n");
    };
    const sections = body.querySelector(":scope > p.para") ? [["", [], texts(body)]] : [];
    body.querySelectorAll("section.sec").forEach(function (section) {
      const path = [];
      for (let s = section; s && s !== body; s = s.parentElement.closest("section.sec")) {
        path.unshift(s.querySelector(":scope > .heading > .htext").textContent);
      }
      sections.push([section.id, path, texts(section)]);
    });
    return sections;
  }

  // Reports holding every term, best first: [{report, score}]. The shards of the query's
  // buckets are loaded (loadShard(bucket) gives the shard's indexes, one a group, or null when
  // no report has a term of that bucket) and, group by group, their answers intersected.
  // Returns null when the query has no term (only punctuation).
  async function candidates(lunr, manifest, terms, loadShard) {
    if (!terms.length) return null;
    const byBucket = new Map();
    for (const t of terms) {
      const b = termBucket(t, manifest.buckets);
      if (!byBucket.has(b)) byBucket.set(b, []);
      byBucket.get(b).push(t);
    }
    const shards = await Promise.all(Array.from(byBucket.keys()).map(function (b) { return loadShard(b); }));
    if (shards.some(function (shard) { return !shard; })) return [];
    const all = [];
    manifest.groups.forEach(function (members, g) {
      if (shards.some(function (shard) { return !shard[g]; })) return;
      let scores = null;
      Array.from(byBucket.values()).forEach(function (bucketTerms, i) {
        const found = new Map();
        for (const r of shards[i][g].query(function (q) {
          for (const t of bucketTerms) {
            q.term(t, { usePipeline: false, presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.NONE });
          }
        })) {
          if (!scores || scores.has(r.ref)) found.set(r.ref, (scores ? scores.get(r.ref) : 0) + r.score);
        }
        scores = found;
      });
      for (const [ref, score] of scores) all.push({ report: members[Number(ref)], score: score });
    });
    all.sort(function (a, b) { return b.score - a.score || a.report - b.report; });
    return all;
  }

  function sectionText(section) { return (section[1].length ? section[1][section[1].length - 1] : "") + "\n" + section[2]; }

  // The sections of one report's text that really contain every word.
  function matchingSections(sections, words, map) {
    const hits = [];
    sections.forEach(function (section, i) {
      const folded = fold(sectionText(section), map);
      if (words.every(function (w) { return folded.indexOf(w) !== -1; })) hits.push({ index: i, section: section });
    });
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

  // A built site's search data as a page reads it: the small manifest and the folding table
  // first, a bucket's shard and a report's sections (read from its page, the text results are
  // checked against) when a query needs them, each fetched once.
  function siteData(lunr, manifestUrl, foldUrl) {
    let loading = null;
    let data = null;
    const shards = new Map();
    const texts = new Map();
    function get(url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r;
      });
    }
    // Index files are kept gzipped (gwr/search/shards.py packed): unpacked here, unless the
    // host already did (sending them with Content-Encoding: gzip).
    function getJson(url) {
      return get(url).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
        const bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(buffer).json();
        return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
      });
    }
    function load() {
      if (!loading) {
        loading = Promise.all([getJson(manifestUrl), getJson(foldUrl)]).then(function (parts) {
          data = { manifest: parts[0], map: parts[1] };
          return data;
        });
      }
      return loading;
    }
    function shard(bucket) {
      if (!shards.has(bucket)) {
        const url = shardUrl(data.manifest, bucket);
        shards.set(bucket, url ? getJson(url).then(function (json) { return loadShard(lunr, json); }) : Promise.resolve(null));
      }
      return shards.get(bucket);
    }
    function text(report) {
      if (!texts.has(report)) {
        texts.set(report, get(reportInfo(data.manifest, report).url).then(function (r) { return r.text(); }).then(function (html) {
          return pageSections(new DOMParser().parseFromString(html, "text/html"));
        }));
      }
      return texts.get(report);
    }
    // The query's words and its candidates (null: no term), best first.
    function find(query) {
      return load().then(function () {
        const words = parseQuery(query, data.map);
        return candidates(lunr, data.manifest, queryTerms(words), shard).then(function (found) {
          return { words: words, found: found };
        });
      });
    }
    return { load: load, shard: shard, text: text, find: find };
  }

  // How often the words occur in a report's sections (heading and text), each match once.
  function occurrences(sections, words, map) {
    let count = 0;
    for (const section of sections) count += matchRanges(sectionText(section), words, map).length;
    return count;
  }

  // Rows as a CSV file the browser saves (UTF-8 with a byte-order mark, as Excel wants), named
  // after what the reader asked for.
  function downloadCsv(rows, prefix, asked) {
    const cell = function (value) {
      const text = String(value);
      return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    const csv = "\ufeff" + rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    link.download = prefix + "-" + asked.trim().replace(/[\\/:*?"<>|\s]+/g, "_") + ".csv";
    document.body.append(link);
    link.click();
    link.remove();
  }

  return { siteData: siteData, occurrences: occurrences, downloadCsv: downloadCsv, fold: fold, tokens: tokens, termBucket: termBucket, parseQuery: parseQuery, queryTerms: queryTerms,
           readNumbers: readNumbers, expandIndex: expandIndex, loadShard: loadShard, shardUrl: shardUrl, reportInfo: reportInfo, pageSections: pageSections, candidates: candidates, matchingSections: matchingSections, matchRanges: matchRanges, sectionText: sectionText };
});
