import { describe, expect, it } from "vitest";
import { diffChanges } from "@/lib/activity";

type Shipment = { shippedAt: Date | null };
type Address = { line2?: string | null };
type Nullable = { n: number | null; ok: boolean | null; s: string | null };

describe("diffChanges", () => {
  it("lists changed fields with old and new values and leaves unchanged ones out", () => {
    expect(
      diffChanges(
        { name: "Ana", email: "ana@example.com", quantity: 1 },
        { name: "Ana", email: "ana@shop.test", quantity: 2 },
      ),
    ).toEqual({
      email: { old: "ana@example.com", new: "ana@shop.test" },
      quantity: { old: 1, new: 2 },
    });
  });

  it("returns an empty object when nothing changed", () => {
    expect(diffChanges({ a: 1, b: "x" }, { a: 1, b: "x" })).toEqual({});
  });

  it("adds a label where one is given, and only to changed fields", () => {
    const changes = diffChanges(
      { status: "paid", customerEmail: "a@example.com" },
      { status: "shipped", customerEmail: "a@example.com" },
      { status: "Status", customerEmail: "Customer email" },
    );
    expect(changes).toEqual({ status: { old: "paid", new: "shipped", label: "Status" } });
    expect(changes.status).toHaveProperty("label", "Status");
    expect(changes).not.toHaveProperty("customerEmail");
  });

  it("compares only the fields of `after`, even when a label names another field", () => {
    expect(diffChanges<{ a: number; b: number }>({ a: 1, b: 2 }, { a: 3 }, { b: "B" })).toEqual({
      a: { old: 1, new: 3 },
    });
  });

  it("compares dates by instant and stores them as ISO strings", () => {
    const before = { shippedAt: new Date("2025-02-16T14:23:00.000Z") };
    expect(diffChanges(before, { shippedAt: new Date("2025-02-16T14:23:00.000Z") })).toEqual({});
    expect(diffChanges(before, { shippedAt: new Date("2025-02-17T09:00:00.500Z") })).toEqual({
      shippedAt: { old: "2025-02-16T14:23:00.000Z", new: "2025-02-17T09:00:00.500Z" },
    });
    expect(
      diffChanges<Shipment>({ shippedAt: null }, { shippedAt: new Date("2025-02-17T09:00:00.000Z") }),
    ).toEqual({
      shippedAt: { old: null, new: "2025-02-17T09:00:00.000Z" },
    });
  });

  it("compares nested objects and arrays deeply", () => {
    const address = { name: "Ana", line1: "1 High St", city: "Leeds", postalCode: "LS1 1AA", country: "GB" };
    expect(diffChanges({ address }, { address: { ...address } })).toEqual({});
    expect(diffChanges({ address }, { address: { ...address, city: "York" } })).toEqual({
      address: { old: address, new: { ...address, city: "York" } },
    });
    expect(diffChanges({ tags: ["a", "b"] }, { tags: ["a", "b"] })).toEqual({});
    expect(diffChanges({ tags: ["a", "b"] }, { tags: ["b", "a"] })).toEqual({
      tags: { old: ["a", "b"], new: ["b", "a"] },
    });
    expect(diffChanges<{ meta: { n: unknown } }>({ meta: { n: 1 } }, { meta: { n: "1" } })).toEqual({
      meta: { old: { n: 1 }, new: { n: "1" } },
    });
  });

  it("treats null and undefined alike, and reports them as null", () => {
    expect(diffChanges<Address>({ line2: null }, { line2: undefined })).toEqual({});
    expect(diffChanges<Address>({}, { line2: null })).toEqual({});
    expect(diffChanges<Address>({ line2: "Flat 2" }, { line2: undefined })).toEqual({
      line2: { old: "Flat 2", new: null },
    });
    expect(diffChanges<Address>({ line2: undefined }, { line2: "Flat 2" })).toEqual({
      line2: { old: null, new: "Flat 2" },
    });
  });

  it("treats a missing `before` as all-new", () => {
    expect(diffChanges(null, { title: "Mug", price: 1200 })).toEqual({
      title: { old: null, new: "Mug" },
      price: { old: null, new: 1200 },
    });
    expect(diffChanges(undefined, { title: "Mug" })).toEqual({ title: { old: null, new: "Mug" } });
  });

  it("does not treat 0, false and empty strings as missing", () => {
    expect(diffChanges<Nullable>({ n: 0, ok: false, s: "" }, { n: null, ok: null, s: null })).toEqual({
      n: { old: 0, new: null },
      ok: { old: false, new: null },
      s: { old: "", new: null },
    });
  });

  it("produces JSON that survives a round trip (what jsonb stores)", () => {
    const changes = diffChanges<{ at: Date; address: { city: string } }>(
      { at: new Date("2025-01-01T00:00:00.000Z"), address: { city: "Leeds" } },
      { at: new Date("2025-01-02T00:00:00.000Z"), address: { city: "York" } },
      { at: "Delivery date" },
    );
    expect(JSON.parse(JSON.stringify(changes))).toEqual(changes);
  });
});
