// Search benchmark: random 2–6 character strings drawn from the built corpus (fixed seed),
// run through the real lunr.js with the site's own query code (static/search.js), reading
// the shards from the output folder as the browser fetches them, and each report's sections.
// Prints recall (share of the sections containing a string that are found) and precision of
// the sections found, the precision of the candidate reports the index alone proposes, query
// times, and what a first search downloads (gzipped) besides the page and its scripts.
//   node bench/search_bench.js [output folder] [number of strings]
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const lunr = require("lunr");
const GwrSearch = require("../static/search.js");

const out = path.resolve(process.argv[2] || "output");
const count = Number(process.argv[3] || 400);
// data/assets.json names the fingerprinted file of each asset.
const assets = JSON.parse(fs.readFileSync(path.join(out, "data", "assets.json"), "utf8"));
const sitePath = (href) => path.join(out, href.slice(href.indexOf("/static/") + 1));
const gz = (data) => zlib.gzipSync(data, { level: 6 }).length;

function mulberry32(seed) {  // small deterministic PRNG: the same strings on every run
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const manifestRaw = fs.readFileSync(path.join(out, assets["search-manifest.json"]));
const foldRaw = fs.readFileSync(path.join(out, assets["search-fold.json"]));
const manifest = JSON.parse(manifestRaw);
const map = JSON.parse(foldRaw);
let fetched = 0;  // bytes of shards read since the counter was reset (kept gzipped, as sent)
function shardLoader() {
  const cache = new Map();
  return function (bucket) {
    if (!cache.has(bucket)) {
      const url = GwrSearch.shardUrl(manifest, bucket);
      let shard = null;
      if (url) {
        const file = fs.readFileSync(sitePath(url));  // kept gzipped: fetched as it is
        fetched += file.length;
        shard = GwrSearch.loadShard(lunr, JSON.parse(zlib.gunzipSync(file)));
      }
      cache.set(bucket, shard);
    }
    return cache.get(bucket);
  };
}
const texts = require("./sections.js")(out, manifest);
const folded = texts.map((sections) => sections.map((s) => GwrSearch.fold(GwrSearch.sectionText(s), map)));

const lines = texts.flat().flatMap((s) => s[2].split("\n")).filter((l) => l.length >= 6);
const random = mulberry32(20261121);
const queries = [];
let skipped = 0;
while (queries.length < count) {
  const line = lines[Math.floor(random() * lines.length)];
  const length = 2 + Math.floor(random() * 5);
  const start = Math.floor(random() * (line.length - length + 1));
  const query = line.slice(start, start + length);
  // Only punctuation, or spaces inside, is no query a reader types; a string wrapped in quotation
  // marks is read as a phrase query (the marks are the operator, parseQuery), not as the marks.
  if (!/[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\uff10-\uff5a]/.test(query) || /\s/.test(query) ||
      /^["“”「『].+["“”」』]$/.test(query)) { skipped++; continue; }
  queries.push(query);
}

(async function () {
  let truthTotal = 0, returned = 0, correct = 0, candidatesTotal = 0, candidatesRight = 0;
  const times = [], firstBytes = [];
  for (const query of queries) {
    const needle = GwrSearch.fold(query, map);
    const words = GwrSearch.parseQuery(query, map);
    fetched = 0;
    const t0 = process.hrtime.bigint();
    const found = await GwrSearch.candidates(lunr, manifest, GwrSearch.queryTerms(words), shardLoader());
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    firstBytes.push(fetched);
    const candidateSet = new Set(found.map((c) => c.report));
    folded.forEach((sections, report) => {
      const truth = sections.filter((t) => t.includes(needle)).length;
      truthTotal += truth;
      if (truth && candidateSet.has(report)) candidatesRight++;
    });
    candidatesTotal += candidateSet.size;
    for (const c of found) {
      for (const hit of GwrSearch.matchingSections(texts[c.report], words, map)) {
        returned++;
        if (folded[c.report][hit.index].includes(needle)) correct++;
      }
    }
  }
  const sorted = (xs) => xs.slice().sort((a, b) => a - b);
  const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  let shardFiles = 0, shardRaw = 0, shardGz = 0;
  for (const b in manifest.shards) {
    const file = fs.readFileSync(sitePath(GwrSearch.shardUrl(manifest, b)));
    shardFiles++; shardRaw += zlib.gunzipSync(file).length; shardGz += file.length;
  }
  const kib = (n) => (n / 1024).toFixed(0) + " KiB";
  const sections = texts.reduce((n, t) => n + t.length, 0);
  console.log(`corpus: ${manifest.reports.length} documents, ${sections} sections; ${manifest.groups.length} groups × ${manifest.buckets} buckets`);
  console.log(`queries: ${queries.length} strings of 2–6 characters (seed 20261121; ${skipped} punctuation-only or quoted draws skipped)`);
  console.log(`recall: ${(100 * correct / truthTotal).toFixed(2)} % (${correct} of ${truthTotal} sections containing a string)`);
  console.log(`precision: ${(100 * correct / returned).toFixed(2)} % (${correct} of ${returned} sections shown)`);
  console.log(`candidate reports: ${(100 * candidatesRight / candidatesTotal).toFixed(2)} % hold the string (${candidatesRight} of ${candidatesTotal})`);
  console.log(`query time (shards read from disk, loaded and queried): median ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms`);
  console.log(`first search downloads: manifest ${kib(gz(manifestRaw))} + fold table ${kib(gz(foldRaw))} gzipped, then shards median ${kib(pct(firstBytes, 0.5))}, p95 ${kib(pct(firstBytes, 0.95))}, max ${kib(pct(firstBytes, 1))} gzipped`);
  console.log(`index: ${shardFiles} shard files, ${kib(shardRaw)} raw, ${kib(shardGz)} gzipped`);
})();
