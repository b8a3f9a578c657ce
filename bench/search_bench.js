// Search benchmark: random 2–6 character strings drawn from the built corpus (fixed seed),
// run through the real lunr.js with the site's own query code (static/search.js).
// Prints recall (share of the sections containing a string that are returned), precision,
// query times and the size of what the browser downloads.
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
const read = (name) => fs.readFileSync(path.join(out, assets[name]));

function mulberry32(seed) {  // small deterministic PRNG: the same strings on every run
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const started = process.hrtime.bigint();
const index = lunr.Index.load(JSON.parse(read("search-index.json")));
const store = JSON.parse(read("search-store.json"));
const map = JSON.parse(read("search-fold.json"));
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;

const folded = store.sections.map((s) => GwrSearch.fold(GwrSearch.sectionText(s), map));
const lines = store.sections.flatMap((s) => s[3].split("\n")).filter((l) => l.length >= 6);
const random = mulberry32(20261121);
const queries = [];
let skipped = 0;
while (queries.length < count) {
  const line = lines[Math.floor(random() * lines.length)];
  const length = 2 + Math.floor(random() * 5);
  const start = Math.floor(random() * (line.length - length + 1));
  const query = line.slice(start, start + length);
  // Only punctuation, or spaces inside, is no query a reader types.
  if (!/[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\uff10-\uff5a]/.test(query) || /\s/.test(query)) { skipped++; continue; }
  queries.push(query);
}

let truthTotal = 0, returned = 0, correct = 0;
const times = [];
for (const query of queries) {
  const needle = GwrSearch.fold(query, map);
  const truth = new Set();
  folded.forEach((text, i) => { if (text.includes(needle)) truth.add(i); });
  const t0 = process.hrtime.bigint();
  const hits = GwrSearch.search(lunr, index, store, map, query);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  truthTotal += truth.size;
  returned += hits.length;
  for (const hit of hits) if (truth.has(hit.ref)) correct++;
}
times.sort((a, b) => a - b);
const size = (name) => {
  const raw = read(name);
  return `${(raw.length / 1024).toFixed(0)} KiB raw, ${(zlib.gzipSync(raw, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped`;
};
console.log(`corpus: ${store.reports.length} documents, ${store.sections.length} sections`);
console.log(`queries: ${queries.length} strings of 2–6 characters (seed 20261121; ${skipped} punctuation-only draws skipped)`);
console.log(`recall: ${(100 * correct / truthTotal).toFixed(2)} % (${correct} of ${truthTotal} sections containing a string)`);
console.log(`precision: ${(100 * correct / returned).toFixed(2)} % (${correct} of ${returned} returned sections)`);
console.log(`query time: median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
console.log(`index load (parse + lunr.Index.load): ${loadMs.toFixed(0)} ms`);
for (const name of ["search-index.json", "search-store.json", "search-fold.json"]) console.log(`${name}: ${size(name)}`);
