import { describe, expect, it } from "vitest";
import { pipelined } from "@/lib/platform/db/pipelined";

describe("pipelined", () => {
  it("answers every statement's result, in order", async () => {
    const later = <T>(value: T, ms: number) =>
      new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
    expect(await pipelined([later("a", 20), later(2, 1), later(null, 5)])).toEqual(["a", 2, null]);
  });

  it("throws the first failure only once every statement has settled, so none is still running", async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        slowDone = true;
        resolve();
      }, 30),
    );
    const failing = Promise.reject(new Error("refused"));
    await expect(pipelined([failing, slow])).rejects.toThrow("refused");
    expect(slowDone).toBe(true);
  });
});
