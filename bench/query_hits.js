// Reports the site's search finds for each query, as the browser does: candidates from the
// shards, then each candidate's sections checked. Prints {query: {candidates, reports}} as JSON.
//   node bench/query_hits.js OUTPUT_FOLDER QUERY...
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const GwrSearch = require("../static/search.js");

const out = path.resolve(process.argv[2]);
const assets = JSON.parse(fs.readFileSync(path.join(out, "data", "assets.json"), "utf8"));
const zlib = require("zlib");
const raw = (href) => fs.readFileSync(path.join(out, href.slice(href.indexOf("/static/") + 1)));
const read = (href) => JSON.parse(href.endsWith(".gz") ? zlib.gunzipSync(raw(href)) : raw(href));
const manifest = JSON.parse(fs.readFileSync(path.join(out, assets["search-manifest.json"]), "utf8"));
const map = JSON.parse(fs.readFileSync(path.join(out, assets["search-fold.json"]), "utf8"));
const texts = require("./sections.js")(out, manifest);
const loadShard = (b) => { const url = GwrSearch.shardUrl(manifest, b); return url ? GwrSearch.loadShard(lunr, read(url)) : null; };

(async function () {
  const result = {};
  for (const query of process.argv.slice(3)) {
    const words = GwrSearch.parseQuery(query, map);
    const found = await GwrSearch.candidates(lunr, manifest, GwrSearch.queryTerms(words), loadShard);
    const reports = found.filter((c) => GwrSearch.matchingSections(texts[c.report], words, map).length);
    result[query] = { candidates: found.length, reports: reports.length };
  }
  console.log(JSON.stringify(result));
})();
