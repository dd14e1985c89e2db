import { defineConfig } from "vitest/config";

// One worker pool sized for the 2-core CI machines; network tests bind 127.0.0.1 only.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
