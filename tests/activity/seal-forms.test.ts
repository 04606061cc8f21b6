import { describe, expect, it } from "vitest";
import { decodeManifest, encodeManifest, fromMicros, toMicros } from "@/lib/activity/seal/manifest";
import {
  canonical,
  canonicalJson,
  canonicalRowForm,
  redactionForm,
  resolutionForm,
  rowForm,
  sealBinary,
  sealHash,
  sha256,
} from "@/lib/activity/seal/seal-forms";
import { exactTime, type SealedRow } from "@/lib/activity/seal/sealed-row";

const base: SealedRow = {
  id: "01a23478-5c18-7b03-b621-1cd8d3c25d4f",
  store_id: "01a23478-5c18-7b03-b621-1cd8d3c25d4e",
  event_type: "order.email.confirmation_sent",
  level: "info",
  message: "Order confirmation sent to c1@example.com",
  entity_type: "order",
  entity_id: null,
  order_id: "01a23478-5c18-7b03-b621-1cd8d3c25d4a",
  actor_type: "system",
  actor_id: null,
  actor_label: "Bench",
  source: "system",
  visibility: "internal",
  payload: { to: "c1@example.com" },
  changes: null,
  correlation_id: null,
  dedupe_key: null,
  ip_address: null,
  user_agent: null,
  occurred_at: "2026-01-02T03:04:05.123456Z",
  inserted_at: "2026-01-02T03:04:05.654321Z",
  resolved_at: null,
  resolved_by: null,
  resolution_note: null,
  seal_salt: "01a23478-5c18-7b03-b621-1cd8d3c25d4b",
  redactions: null,
  redacted_at: null,
};

describe("the row's sealed form, written out", () => {
  const rows: [string, SealedRow][] = [
    ["a customer's email (a personal payload field)", base],
    [
      "quotes, control characters, non-ASCII and emoji",
      { ...base, message: 'He said "hi"\n\t\u0001 — café 🎉', actor_label: "Zoë \\ O'Brien" },
    ],
    [
      "a nested payload with numbers, booleans and unsorted keys",
      {
        ...base,
        event_type: "order.submission_failed",
        payload: {
          zeta: 1,
          alpha: { b: [1, 2.5, -0, 1e21], a: true },
          é: null,
          A: "x",
          "e\u0301": 3,
          "\ud83d\ude00": "astral key",
        },
      },
    ],
    [
      "staff changes, IP and user agent",
      {
        ...base,
        event_type: "order.updated",
        payload: { summary: "address" },
        changes: { city: { old: "Leeds", new: "York" } },
        ip_address: "203.0.113.7",
        user_agent: "Mozilla/5.0",
        actor_type: "user",
        actor_id: "u-1",
      },
    ],
    [
      "a scrubbed row (kept commitments, no salt)",
      {
        ...base,
        message: "[removed]",
        payload: { to: "[removed]" },
        seal_salt: null,
        redactions: { message: "a".repeat(64), "payload.to": "b".repeat(64) },
        redacted_at: "2026-02-01T00:00:00.000000Z",
      },
    ],
    [
      "an event type not in the catalog",
      { ...base, event_type: "legacy.thing", payload: { $invalid: "raw" } },
    ],
  ];
  for (const [name, row] of rows)
    it(`is the canonical JSON (RFC 8785) of the form: ${name}`, () => {
      expect(canonicalRowForm(row)).toBe(canonical(rowForm(row)));
    });
});

describe("a seal manifest", () => {
  it("round-trips its records", () => {
    const records = [
      {
        kind: "row" as const,
        activityId: base.id,
        occurredAt: toMicros(base.occurred_at),
        insertedAt: toMicros(base.inserted_at),
        hash: sealBinary("row", base),
      },
      {
        kind: "redaction" as const,
        activityId: base.store_id,
        occurredAt: -1_000_001,
        insertedAt: 0,
        hash: Buffer.alloc(32, 7),
      },
    ];
    const bytes = encodeManifest(records);
    expect(bytes.length).toBe(130);
    expect(decodeManifest(bytes).map((r) => ({ ...r, hash: Buffer.from(r.hash) }))).toEqual(
      records.map((r) => ({
        ...r,
        hash: typeof r.hash === "string" ? Buffer.from(r.hash, "latin1") : r.hash,
      })),
    );
  });

  it("keeps a timestamp to the microsecond", () => {
    for (const iso of [
      "2026-01-02T03:04:05.123456Z",
      "1969-12-31T23:59:59.999999Z",
      "2000-02-29T00:00:00.000001Z",
    ])
      expect(fromMicros(toMicros(iso))).toBe(iso);
  });
});

describe("canonical JSON, written directly", () => {
  const values: [string, unknown][] = [
    ["primitives", [null, true, false, 0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 2 ** 53, "", "é"]],
    ["keys sorted by UTF-16 code units", { b: 1, a: 2, A: 3, "€": 4, "😀": 5, "\uffff": 6, aa: 7, "": 8 }],
    ["nesting", { z: [{ y: { x: [[], {}, [null]] } }], a: { c: 'quote " and \\ and \n', b: null } }],
    ["undefined members are left out", { a: undefined, b: 1 }],
    ["control characters and emoji in strings", ["\u0000\u001f\u007f", "👩‍💻", "<script>"]],
    ["a payload with a commitment", { to: { $commitment: "a".repeat(64) }, amount: 2599, currency: "GBP" }],
  ];
  for (const [name, value] of values)
    it(`is RFC 8785's text: ${name}`, () => {
      expect(canonicalJson(value)).toBe(canonical(value));
    });

  it("hands what JSON.parse cannot make to the generic form", () => {
    const when = new Date("2026-01-02T03:04:05.123Z");
    expect(canonicalJson({ when })).toBe(canonical({ when }));
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

describe("the resolution's and the scrub's sealed forms", () => {
  const resolved: SealedRow = {
    ...base,
    resolved_at: "2026-01-03T00:00:00.000001Z",
    resolved_by: "system",
    resolution_note: "Resolved automatically: submitted to Printify.",
  };
  const scrubbed: SealedRow = {
    ...base,
    message: "Order confirmation sent to the customer",
    payload: { to: "[removed]" },
    seal_salt: null,
    redactions: { message: "a".repeat(64), "payload.to": "b".repeat(64) },
    redacted_at: "2026-02-01T00:00:00.000000Z",
  };
  it("hash the canonical JSON of the form, as hex and as bytes", () => {
    expect(sealHash("resolution", resolved)).toBe(sha256(canonical(resolutionForm(resolved))));
    expect(sealHash("redaction", scrubbed)).toBe(sha256(canonical(redactionForm(scrubbed))));
    expect(Buffer.from(sealBinary("row", base), "latin1").toString("hex")).toBe(
      sha256(canonical(rowForm(base))),
    );
  });
});

describe("a timestamp as JSON gives it", () => {
  it("becomes the seal's exact text", () => {
    expect(exactTime("2026-01-02T03:04:05")).toBe("2026-01-02T03:04:05.000000Z");
    expect(exactTime("2026-01-02T03:04:05.1")).toBe("2026-01-02T03:04:05.100000Z");
    expect(exactTime("2026-01-02T03:04:05.123456")).toBe("2026-01-02T03:04:05.123456Z");
    expect(() => exactTime("2026-01-02 03:04:05+00")).toThrow(/not a UTC timestamp/);
  });
});
