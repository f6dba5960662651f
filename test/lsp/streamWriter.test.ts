/**
 * The server's batching writer (server/lsp/streamWriter.ts) puts on the wire exactly what
 * vscode-jsonrpc's own writer does: a reader on the other end gets every message, in order,
 * whole, with `Content-Length` counting UTF-8 bytes.
 */
import { PassThrough } from "node:stream";
import { StreamMessageReader, type Message } from "vscode-jsonrpc/node";
import { describe, expect, it } from "vitest";
import { BatchingStreamWriter } from "../../server/lsp/streamWriter";

function notification(i: number, text: string): Message {
  return { jsonrpc: "2.0", method: "test/note", params: { i, text } } as Message;
}

/** Everything a real reader gets from the stream, until `count` messages are in. */
function readBack(stream: PassThrough, count: number): Promise<Message[]> {
  const reader = new StreamMessageReader(stream);
  const got: Message[] = [];
  return new Promise((done) => {
    reader.listen((message) => {
      got.push(message);
      if (got.length === count) done(got);
    });
  });
}

describe("BatchingStreamWriter", () => {
  it("frames each message as vscode-jsonrpc does: the header counts UTF-8 bytes, not characters", async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    const writer = new BatchingStreamWriter(stream);
    // "Zoë 🙂": 5 characters + 1 surrogate pair; ë is 2 bytes in UTF-8 and 🙂 is 4.
    await writer.write(notification(1, "Zoë 🙂"));
    const body = '{"jsonrpc":"2.0","method":"test/note","params":{"i":1,"text":"Zoë 🙂"}}';
    // 65 ASCII bytes around the text + "Zo" (2) + "ë" (2) + " " (1) + "🙂" (4) = 74 bytes.
    expect(Buffer.byteLength(body)).toBe(74);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(`Content-Length: 74\r\n\r\n${body}`);
  });

  it("delivers many messages whole and in order, across batches, and resolves each write once written", async () => {
    const stream = new PassThrough();
    // 3,000 messages of ~1 KiB with non-ASCII text: about 3 MiB, so several batches of 1 MiB.
    const count = 3000;
    const received = readBack(stream, count);
    const writer = new BatchingStreamWriter(stream);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < count; i++) writes.push(writer.write(notification(i, `é${"x".repeat(1000)}${i}`)));
    await Promise.all(writes);
    const messages = (await received) as unknown as { params: { i: number; text: string } }[];
    expect(messages.map((m) => m.params.i)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(messages[2999]!.params.text).toBe(`é${"x".repeat(1000)}2999`);
  });

  it("writes a full batch at once rather than waiting for the turn of the event loop to end", () => {
    const stream = new PassThrough();
    let written = 0;
    stream.on("data", (chunk: Buffer) => (written += chunk.length));
    const writer = new BatchingStreamWriter(stream);
    // Two messages of 600,000 characters: the second passes the 1 MiB (1,048,576) batch.
    void writer.write(notification(1, "a".repeat(600_000)));
    expect(written).toBe(0);
    void writer.write(notification(2, "b".repeat(600_000)));
    expect(written).toBeGreaterThan(1_200_000);
  });

  it("rejects a message that cannot be encoded and goes on with the next", async () => {
    const stream = new PassThrough();
    const received = readBack(stream, 1);
    const writer = new BatchingStreamWriter(stream);
    const errors: Error[] = [];
    writer.onError(([error]) => errors.push(error));
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(writer.write({ jsonrpc: "2.0", method: "bad", params: circular } as Message)).rejects.toThrow();
    await writer.write(notification(7, "fine"));
    expect(((await received)[0] as unknown as { params: { i: number } }).params.i).toBe(7);
    expect(errors).toHaveLength(1);
  });
});
