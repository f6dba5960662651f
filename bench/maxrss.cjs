// Preloaded with `node --require bench/maxrss.cjs …` by bench/run.mjs where /usr/bin/time is
// missing: at exit, writes the process's peak resident set size (KiB, as GNU time's %M) to the
// file named by DUN_BENCH_RSS_FILE.
"use strict";
const target = process.env.DUN_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    require("node:fs").writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
