// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".cync/", "src/generated/", "packages/*/dist/", "packages/*/src/generated/", "stacks/*/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", require: "readonly", module: "readonly", __dirname: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", URL: "readonly", URLSearchParams: "readonly", AbortController: "readonly", TextDecoder: "readonly", TextEncoder: "readonly", fetch: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  // The embedded tenant is its own package (packages/simulator, docs/architecture.md#the-embedded-tenant):
  // cync reaches it only through its public entries, and it imports nothing of cync.
  {
    files: ["src/**", "test/**", "bench/**", "scripts/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/packages/simulator/**"], message: "Import the embedded tenant from \"@cync/simulator\" (or \"@cync/simulator/testing\"), not from its files." },
          { group: ["@cync/simulator/*", "!@cync/simulator/testing"], message: "Only \"@cync/simulator\" and \"@cync/simulator/testing\" are public." },
        ],
      }],
    },
  },
  // A file `depth` folders below packages/simulator/ climbs out of the package with depth + 1 "..".
  ...[0, 1, 2, 3, 4].map((depth) => ({
    files: [`packages/simulator/${"*/".repeat(depth)}*.{ts,mts}`],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: [[...Array(depth + 1).fill(".."), "*"].join("/")], message: "The embedded tenant imports nothing outside packages/simulator: it keeps its own statement of a shared fact, citing its source." }],
      }],
    },
  })),
  {
    files: ["bin/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
  },
);
