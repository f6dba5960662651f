import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // grammar/chevrotainLazy.ts `require`s a module the bundles ship apart (dist/chevrotain.js);
    // the tests run the sources, and import it plainly.
    alias: [{ find: /^.*\/chevrotainLazy$/, replacement: fileURLToPath(new URL("./test/chevrotainStatic.ts", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30000,
  },
});
