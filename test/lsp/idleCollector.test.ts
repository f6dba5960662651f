/** The server gives memory back once it has been idle after work that grew its heap. */
import { getHeapStatistics } from "node:v8";
import { expect, it } from "vitest";
import { idleCollector } from "../../server/lsp/idleCollector";

it("collects the garbage of a burst of work once the server is quiet", async () => {
  const collector = idleCollector();
  const before = getHeapStatistics().used_heap_size;
  // 80 MB of arrays, garbage as soon as the burst is over (large objects: only a full collection frees them).
  let burst: number[][] | undefined = Array.from({ length: 10 }, () => new Array(1_000_000).fill(1.5));
  expect(getHeapStatistics().used_heap_size - before).toBeGreaterThan(60 * 1024 * 1024);
  burst = undefined;
  collector.touch();
  await new Promise((done) => setTimeout(done, 2000));
  expect(burst).toBeUndefined();
  expect(getHeapStatistics().used_heap_size - before).toBeLessThan(20 * 1024 * 1024);
  collector.dispose();
});
