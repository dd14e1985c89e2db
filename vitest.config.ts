import { defineConfig } from "vitest/config";

// One worker pool sized for the 2-core CI machines; network tests bind 127.0.0.1 only. Helpers live in
// test/support/; the docs are built once per run there (docs-build.global.ts) for every docs test.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/docs-build.global.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
