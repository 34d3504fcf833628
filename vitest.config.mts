import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * One `vitest run` runs every suite: the embedded tenant's own (packages/simulator, its
 * vitest.config.mts), the bootstrap stack's (stacks/bootstrap, against Pulumi's mocks) and
 * cync's. cync's runs against the tenant's TypeScript sources, as tsconfig.json does through the
 * package's "cync-source" export condition, so no build of the package is needed in between
 * (`@cync/simulator/testing` is TypeScript only).
 */
export default defineConfig({
  test: {
    projects: [
      "packages/simulator",
      "stacks/bootstrap",
      {
        resolve: {
          alias: [{ find: /^@cync\/simulator$/, replacement: fileURLToPath(new URL("packages/simulator/src/index.ts", import.meta.url)) }],
        },
        test: {
          name: "cync",
          include: ["test/**/*.test.ts"],
          // Integration tests start HTTPS servers; give them room on a shared 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
          // Creates the simulator's local CA and trusts it (NODE_EXTRA_CA_CERTS) before workers start.
          globalSetup: ["test/helpers/ca-setup.ts"],
        },
      },
    ],
  },
});
