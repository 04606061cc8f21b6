import { describe, expect, it } from "vitest";
import { formatMoney } from "@/lib/platform/format/format-money";

describe("formatMoney", () => {
  it("reads minor units by the currency's own digits, the same on every call", () => {
    expect(formatMoney(4300, "GBP")).toBe("£43.00");
    expect(formatMoney(4300, "gbp")).toBe("£43.00");
    expect(formatMoney(500, "JPY")).toBe("JP¥500");
    expect(formatMoney(12345, "KWD")).toBe("KWD\u00a012.345");
    expect(formatMoney(4300, "GBP")).toBe("£43.00");
  });

  it("falls back to a plain figure for a code that is not a currency", () => {
    expect(formatMoney(4300, "EURO")).toBe("43.00 EURO");
  });
});
