import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 180_000, // subprocess tests load every vendor SDK; on a busy 2-core machine that takes a while
    hookTimeout: 180_000,
    pool: "forks",
  },
});
