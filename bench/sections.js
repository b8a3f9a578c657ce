// Each report's sections, in the order of the search manifest's reports, as the search page
// reads them from the report pages (GwrSearch.pageSections; a browser test holds those equal
// to data/sections.jsonl, which is read here, a piece at a time: at 20,000 reports the file
// is larger than the longest string node makes).
"use strict";
const fs = require("fs");
const path = require("path");
const { StringDecoder } = require("string_decoder");

function* lines(file) {
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.alloc(1 << 24);
  const decoder = new StringDecoder("utf8");
  let rest = "";
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
      const parts = (rest + decoder.write(buffer.subarray(0, n))).split("\n");
      rest = parts.pop();
      yield* parts;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (rest) yield rest;
}

module.exports = function readSections(out, manifest) {
  const sectionsOf = new Map(manifest.reports.map((r) => [r[0], []]));
  for (const line of lines(path.join(out, "data", "sections.jsonl"))) {
    if (!line) continue;
    const row = JSON.parse(line);
    const sections = sectionsOf.get(row.report);
    if (sections) sections.push([row.anchor === "preamble" ? "" : row.anchor, row.path, row.text]);
  }
  return manifest.reports.map((r) => sectionsOf.get(r[0]));
};
