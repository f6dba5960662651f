/** The server gives memory back once it has been idle (no work, no request) after work that grew its heap. */
import { getHeapStatistics } from "node:v8";
import { expect, it } from "vitest";
import { idleCollector } from "../../server/lsp/idleCollector";

it("collects the garbage of a burst of work once the server is quiet", async () => {
  // Never "late": on a loaded test machine a timer may be, and the collection would wait again.
  const collector = idleCollector({ lateMs: Infinity });
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

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

it("waits while requests keep coming, then collects twice", async () => {
  let collections = 0;
  const collector = idleCollector({ gc: () => collections++, growthBytes: 0, lateMs: Infinity });
  // A request every 300 ms for 2.4 s: never 1.5 s of quiet.
  for (let i = 0; i < 8; i++) {
    collector.touch();
    await sleep(300);
  }
  expect(collections).toBe(0);
  await sleep(1800);
  expect(collections).toBe(2);
  collector.dispose();
});

it("drops the second collection when a request comes during the first, and waits for quiet again", async () => {
  let collections = 0;
  const collector = idleCollector({
    gc: () => {
      // A request read in while the first collection ran: the server touches the collector.
      if (++collections === 1) collector.touch();
    },
    growthBytes: 0,
    lateMs: Infinity,
  });
  collector.touch();
  await sleep(1500 + 300);
  expect(collections).toBe(1);
  // 1.5 s after that request, the two collections come.
  await sleep(1500);
  expect(collections).toBe(3);
  collector.dispose();
});
