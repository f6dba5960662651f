/**
 * Ends an end-to-end run with the one line CI reads: `N passed, N failed`. A suite that could
 * not start (its `beforeAll` failed, or the file did not load) counts its tests as failed, never
 * as skipped, so a broken editor setup can never pass as "nothing failed".
 */
import type { Reporter, SerializedError, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed" || module.state() === "failed") failedHere++;
      }
      // A module that failed with no failed test (it did not load): one failure.
      failed += failedHere > 0 ? failedHere : module.state() === "failed" ? 1 : 0;
    }
    console.log(`${passed} passed, ${failed} failed`);
  }
}
