#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is compiled by `npm run build` (run by `npm ci` through `prepare`).

// A reader that stops early (`cync plan | head`) closes the pipe: that is not an error of ours,
// so end quietly as a Unix filter does instead of dying with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

require("../dist/cli/main.js").main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`cync: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
