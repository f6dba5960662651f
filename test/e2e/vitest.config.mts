// The end-to-end suites (`*.e2e.ts`), kept out of `npm test`: real editors, one at a time, in
// the order code-server, Neovim, Emacs, electron; each run ends with one `N passed, N failed` line.
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

const ORDER = ["/vscode/", "/nvim/", "/emacs/", "/electron/"];
const rank = (spec: TestSpecification) => {
  const at = ORDER.findIndex((part) => spec.moduleId.includes(part));
  return at < 0 ? ORDER.length : at;
};

class EditorOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    sequence: { sequencer: EditorOrder },
    reporters: ["default", "./test/e2e/summaryReporter.ts"],
  },
});
