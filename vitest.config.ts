import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Protocol tests start plugin processes; two cores want few files at once.
    maxWorkers: 2,
  },
});
