import { randomUUID } from "node:crypto";
import { uuidv7 } from "uuidv7";
import { describe, expect, it } from "vitest";
import { IdIndex } from "@/lib/activity/seal/id-index";

describe("IdIndex", () => {
  it("answers what a Map would, for 50,000 random and time-ordered ids, present and absent", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 2 ? randomUUID() : uuidv7()));
    const index = new IdIndex(ids.length);
    const map = new Map<string, number>();
    ids.forEach((id, i) => {
      index.set(id, i);
      map.set(id, i);
    });
    for (const id of ids) expect(index.get(id)).toBe(map.get(id));
    for (let i = 0; i < 5_000; i++) expect(index.get(randomUUID())).toBe(-1);
  });

  it("replaces the value of an id added again, as Map.set does", () => {
    const index = new IdIndex(4);
    const id = uuidv7();
    index.set(id, 1);
    index.set(id, 7);
    expect(index.get(id)).toBe(7);
  });

  it("tells apart ids that differ in one digit, and text that is not a lower-case uuid", () => {
    const index = new IdIndex(8);
    const id = "0192f3a4-1111-7000-8000-000000000001";
    index.set(id, 1);
    index.set("0192f3a4-1111-7000-8000-000000000002", 2);
    index.set("not a uuid", 3);
    index.set(id.toUpperCase(), 4);
    expect(index.get(id)).toBe(1);
    expect(index.get("0192f3a4-1111-7000-8000-000000000002")).toBe(2);
    expect(index.get("0192f3a4-1111-7000-8000-000000000003")).toBe(-1);
    expect(index.get("not a uuid")).toBe(3);
    expect(index.get(id.toUpperCase())).toBe(4);
    expect(index.get("0192f3a4x1111-7000-8000-000000000001")).toBe(-1);
  });

  it("refuses more ids than it was made for, rather than losing one", () => {
    const index = new IdIndex(2);
    index.set(uuidv7(), 0);
    index.set(uuidv7(), 1);
    expect(() => index.set(uuidv7(), 2)).toThrow(/capacity/);
  });

  it("finds by its text an id added as its 16 bytes, as a manifest holds it", () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7());
    const index = new IdIndex(ids.length);
    const bytes = Buffer.alloc(17 * ids.length);
    ids.forEach((id, at) => {
      bytes.write(id.replaceAll("-", ""), at * 17 + 1, 16, "hex");
      index.setBytes(bytes, at * 17 + 1, at);
    });
    for (const [at, id] of ids.entries()) expect(index.get(id)).toBe(at);
    expect(index.get(uuidv7())).toBe(-1);
    expect(index.get(ids[0]!.toUpperCase())).toBe(-1);
  });
});
