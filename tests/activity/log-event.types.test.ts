import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ActivityContext,
  catalog,
  eventTypes,
  type LogResult,
  logEvent,
  logEventStrict,
  type PayloadInput,
} from "@/lib/activity";
import type { Db } from "@/lib/platform/db/types";

/**
 * Compile-time checks: `npm run typecheck` (tsc --noEmit) fails if any `@ts-expect-error` below
 * is not a genuine error, so a wrong payload for an event type must keep failing to compile.
 * The function is never called; only the compiler looks at it.
 */
async function compileOnly(db: Db, activity: ActivityContext) {
  // Correct calls compile (payload defaults may be left out).
  await logEvent(db, activity, "order.shipped", { carrier: "DHL", trackingNumber: "1Z" });
  await logEvent(db, activity, "order.created", { amount: 4300, currency: "GBP" });
  await logEvent(db, activity, "order.delivered", {}, { orderId: "o" });
  await logEventStrict(db, activity, "sync.failed", { reason: "timeout" });

  // Wrong field type:
  // @ts-expect-error carrier is a string
  await logEvent(db, activity, "order.shipped", { carrier: 42, trackingNumber: "1Z" });
  // @ts-expect-error final is a boolean
  await logEvent(db, activity, "order.submission_failed", { ...failed, final: "yes" });
  // @ts-expect-error `by` is one of provider | staff | customer
  await logEvent(db, activity, "order.cancelled", { reason: "x", by: "robot" });

  // Missing required field:
  // @ts-expect-error trackingNumber is required
  await logEvent(db, activity, "order.shipped", { carrier: "DHL" });
  // @ts-expect-error reason is required
  await logEventStrict(db, activity, "sync.failed", {});
  // @ts-expect-error the payload argument itself is required
  await logEvent(db, activity, "order.delivered");

  // Unknown event type:
  // @ts-expect-error not in the catalog
  await logEvent(db, activity, "order.exploded", {});
  // @ts-expect-error event types are exact, not prefixes
  await logEvent(db, activity, "order.*", {});

  // The payload of another event type:
  const cancelled: PayloadInput<"order.cancelled"> = { reason: "customer request", by: "customer" };
  // @ts-expect-error an order.cancelled payload is not an order.shipped payload
  await logEvent(db, activity, "order.shipped", cancelled);
  // @ts-expect-error unknown field of another type's payload (excess property)
  await logEvent(db, activity, "order.delivered", { carrier: "DHL", reason: "lost" });
}

const failed = { reason: "out of stock", attempt: 1, maxAttempts: 3, retryable: true };

describe("logEvent types", () => {
  it("derives the payload type of each event from the catalog", () => {
    expectTypeOf(logEvent).returns.resolves.toEqualTypeOf<LogResult>();
    expectTypeOf<PayloadInput<"order.shipped">>().toHaveProperty("carrier").toEqualTypeOf<string>();
    expectTypeOf<PayloadInput<"order.cancelled">["by"]>().toEqualTypeOf<"provider" | "staff" | "customer">();
    // The checks above are compile-time; at run time, only make sure the file is loaded.
    expect(typeof compileOnly).toBe("function");
    expect(eventTypes).toEqual(Object.keys(catalog));
  });
});
