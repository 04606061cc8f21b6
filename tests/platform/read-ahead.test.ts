import { describe, expect, it } from "vitest";
import { readAhead } from "@/lib/platform/db/read-ahead";

/** Pages 1..last, each read from the one before, counting reads as they start. */
function pages(last: number, failAt?: number) {
  const started: number[] = [];
  const read = async (previous: number | null) => {
    const page = (previous ?? 0) + 1;
    started.push(page);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (page === failAt) throw new Error(`page ${page} failed`);
    return page;
  };
  return { started, read, more: (page: number) => page < last };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("reading pages ahead", () => {
  it("yields every page in order, each read once", async () => {
    const { started, read, more } = pages(10);
    const seen: number[] = [];
    for await (const page of readAhead(read, more, 3)) seen.push(page);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("reads no more than its depth ahead of a reader that is busy", async () => {
    const { started, read, more } = pages(100);
    const reader = readAhead(read, more, 3);
    await settle();
    expect(started).toEqual([1, 2, 3]);
    const iterator = reader[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(1);
    await settle();
    expect(started).toEqual([1, 2, 3, 4]);
    await iterator.return?.();
    await settle();
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it("throws a failed read where it falls, after the pages before it", async () => {
    const { read, more } = pages(10, 4);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(read, more, 2)) seen.push(page);
      })(),
    ).rejects.toThrow("page 4 failed");
    expect(seen).toEqual([1, 2, 3]);
  });

  it("stops reading when closed before it is read", async () => {
    const { started, read, more } = pages(100);
    const reader = readAhead(read, more, 2);
    reader.close();
    await settle();
    expect(started.length).toBeLessThanOrEqual(1);
  });
});
