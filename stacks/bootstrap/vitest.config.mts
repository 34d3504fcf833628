import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "bootstrap",
    include: ["test/**/*.test.ts"],
  },
});
