import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Protocol tests start plugin processes; two cores want few files at once.
    maxWorkers: 2,
    server: {
      deps: {
        // Load the built package (node_modules/pulumi-eurostack is a symlink to the repo, so it resolves to dist/)
        // and the CommonJS test fixtures with Node itself, untransformed: the SDK serializes provider functions from
        // their source text, and vite's module wrappers must not end up in `__provider`. It also keeps a single
        // `@pulumi/pulumi` instance shared by the tests, the resource classes and `pulumi.runtime.setMocks`.
        // (Paths under node_modules keep vitest's own rules.)
        external: [
          /^(?!.*\/node_modules\/).*\/dist\/.*\.js$/,
          /^(?!.*\/node_modules\/).*\/test\/support\/fixtures\/.*\.js$/,
        ],
      },
    },
  },
});
