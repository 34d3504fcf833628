import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "simulator",
    include: ["test/**/*.test.ts"],
    // Integration tests start HTTPS servers; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Creates the local CA and trusts it (NODE_EXTRA_CA_CERTS) before workers start.
    globalSetup: ["test/ca-setup.ts"],
  },
});
