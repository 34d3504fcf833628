/**
 * Import rules that `npm run check:cycles` enforces (part of `npm test`); docs/architecture.md
 * ("Who owns what") gives the reason: one home per shared idea, no import cycles.
 *
 * The rules cover the product's sources (src/) and every workspace package's sources
 * (packages/<name>/src/, stacks/<name>/src/), present or future; scripts/check-cycles.mjs runs
 * them over those that exist. Type-only imports count (`tsPreCompilationDeps`): an `import type`
 * still couples two modules — neither can be read, moved or tested without the other — even
 * though the compiler erases it, so a cycle made of type imports is still a cycle.
 *
 * Options: https://github.com/sverweij/dependency-cruiser/blob/main/doc/options-reference.md
 * Rules:   https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
 */
const SOURCES = "^(src|(?:packages|stacks)/[^/]+/src)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "This import closes a cycle. Give the idea both modules need one home that neither imports back " +
        "(docs/architecture.md, \"Who owns what\").",
      from: { path: SOURCES },
      to: { path: SOURCES, circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import the checker cannot resolve would hide the cycles through it.",
      from: { path: SOURCES },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["cync-source", "import", "require", "node", "default", "types"],
      mainFields: ["main", "types", "typings"],
    },
  },
};
