// Each report's sections, in the order of the search manifest's reports, as the search page
// reads them from the report pages (GwrSearch.pageSections; a browser test holds those equal
// to data/sections.jsonl, which is read here).
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = function readSections(out, manifest) {
  const sectionsOf = new Map(manifest.reports.map((r) => [r[0], []]));
  for (const line of fs.readFileSync(path.join(out, "data", "sections.jsonl"), "utf8").split("\n")) {
    if (!line) continue;
    const row = JSON.parse(line);
    const sections = sectionsOf.get(row.report);
    if (sections) sections.push([row.anchor === "preamble" ? "" : row.anchor, row.path, row.text]);
  }
  return manifest.reports.map((r) => sectionsOf.get(r[0]));
};
