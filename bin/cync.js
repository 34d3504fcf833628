#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is compiled by `npm run build` (run by `npm ci` through `prepare`).
require("../dist/cli/main.js").main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`cync: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
