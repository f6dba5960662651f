/** Builds the bundles once before any test file runs, so process tests never test a stale build. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export default function setup(): void {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: resolve(__dirname, ".."), encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}
