import { randomBytes } from "node:crypto";
import { uuidv7 } from "uuidv7";
import type { NewActivityRow } from "@/db/schema";
import type { EventType, PayloadInput } from "@/lib/activity/catalog/catalog";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { buildActivityRow, type LogOptions } from "@/lib/activity/write/build-row";
import { type LogResult, logEvent } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";

/** One event as an application would record it: through `logEvent`, or as the row it becomes. */
export type EventCall = {
  type: EventType;
  log(db: Db): Promise<LogResult>;
  /** The row `logEvent` would insert (a fresh id each call), for the baselines. */
  build(): NewActivityRow;
};

function call<T extends EventType>(
  activity: ActivityContext,
  type: T,
  payload: PayloadInput<T>,
  options: LogOptions = {},
): EventCall {
  return {
    type,
    log: (db) => logEvent(db, activity, type, payload, options),
    build: () => buildActivityRow(activity, type, payload, options).row,
  };
}

const stripe: Omit<ActivityContext, "storeId"> = {
  actor: { type: "integration", label: "Stripe" },
  source: "webhook",
};
const printify: Omit<ActivityContext, "storeId"> = {
  actor: { type: "integration", label: "Printify" },
  source: "webhook",
};
const submitter: Omit<ActivityContext, "storeId"> = {
  actor: { type: "worker", label: "Order submission worker" },
  source: "worker",
};
const mailer: Omit<ActivityContext, "storeId"> = {
  actor: { type: "worker", label: "Email worker" },
  source: "worker",
};
const staff: Omit<ActivityContext, "storeId"> = {
  actor: { type: "user", id: "0192f3a4-1111-7000-8000-000000000001", label: "Ana" },
  source: "admin",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
};

const carriers = ["DHL", "Royal Mail", "UPS", "Evri"];
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/**
 * The events of one order's life, as the webhooks, workers and staff of a real shop write them:
 * Stripe and Printify events carry their own timestamp and a dedupe key, worker events a
 * correlation id, staff events an IP address and user agent. About one order in ten has a
 * payment failure, a failed submission or a refund.
 */
function orderStory(storeId: string, orderNumber: number): EventCall[] {
  const orderId = uuidv7();
  const correlationId = `req_${hex(8)}`;
  const amount = 1500 + ((orderNumber * 7919) % 9000);
  const to = `customer${orderNumber}@example.com`;
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const o = (extra: LogOptions = {}): LogOptions => ({ orderId, ...extra });
  const activity = (base: Omit<ActivityContext, "storeId">): ActivityContext => ({
    ...base,
    storeId,
    correlationId,
  });
  const story: EventCall[] = [];
  if (orderNumber % 10 === 3)
    story.push(
      call(
        activity(stripe),
        "order.payment_failed",
        { reason: "card declined", amount, currency: "GBP" },
        o({ occurredAt: at(30), dedupeKey: `stripe:evt_${hex(12)}` }),
      ),
    );
  story.push(
    call(
      activity(stripe),
      "order.created",
      { amount, currency: "GBP", orderNumber },
      o({ occurredAt: at(20), dedupeKey: `stripe:evt_${hex(12)}` }),
    ),
    call(activity(mailer), "order.email.confirmation_sent", { to }, o()),
  );
  if (orderNumber % 10 === 5)
    story.push(
      call(
        activity(submitter),
        "order.submission_failed",
        {
          reason: "variant out of stock",
          attempt: 1,
          maxAttempts: 3,
          retryable: true,
          final: false,
        },
        o(),
      ),
      call(activity(submitter), "order.submission_retried", { attempt: 2, maxAttempts: 3 }, o()),
    );
  story.push(
    call(activity(submitter), "order.submitted", { providerOrderId: `PFY-${10000 + orderNumber}` }, o()),
    call(activity(printify), "order.production", {}, o({ dedupeKey: `printify:${hex(10)}` })),
    call(activity(staff), "order.note_added", { note: "Customer asked for gift wrap" }, o()),
    call(
      activity(printify),
      "order.shipped",
      {
        carrier: carriers[orderNumber % carriers.length]!,
        trackingNumber: `1Z${hex(8).toUpperCase()}`,
        trackingUrl: "https://tracking.example.com/1Z999AA10123456784",
      },
      o({ dedupeKey: `printify:${hex(10)}` }),
    ),
    call(activity(mailer), "order.email.shipping_sent", { to }, o()),
    call(activity(printify), "order.delivered", { carrier: "DHL" }, o({ dedupeKey: `printify:${hex(10)}` })),
  );
  if (orderNumber % 10 === 7)
    story.push(
      call(
        activity(stripe),
        "order.refunded",
        { amount: 1200, currency: "GBP", partial: true, reason: "damaged print" },
        o({ dedupeKey: `stripe:evt_${hex(12)}` }),
      ),
    );
  return story;
}

/**
 * `n` order events over `stores`. Stories of consecutive orders are interleaved, as concurrent
 * webhooks and workers would write them.
 */
export function makeEventCalls(n: number, stores: string[]): EventCall[] {
  const calls: EventCall[] = [];
  const active: EventCall[][] = [];
  let orderNumber = 1000;
  while (calls.length < n) {
    while (active.length < 8) active.push(orderStory(stores[orderNumber % stores.length]!, orderNumber++));
    const slot = (calls.length * 5) % active.length;
    const story = active[slot]!;
    calls.push(story.shift()!);
    if (story.length === 0) active.splice(slot, 1);
  }
  return calls;
}

/** The columns a COPY of activity rows fills, with the row field each comes from. */
export const copyColumns = [
  ["id", "id"],
  ["store_id", "storeId"],
  ["event_type", "eventType"],
  ["level", "level"],
  ["message", "message"],
  ["entity_type", "entityType"],
  ["entity_id", "entityId"],
  ["order_id", "orderId"],
  ["actor_type", "actorType"],
  ["actor_id", "actorId"],
  ["actor_label", "actorLabel"],
  ["source", "source"],
  ["visibility", "visibility"],
  ["payload", "payload"],
  ["changes", "changes"],
  ["correlation_id", "correlationId"],
  ["dedupe_key", "dedupeKey"],
  ["ip_address", "ipAddress"],
  ["user_agent", "userAgent"],
  ["occurred_at", "occurredAt"],
] as const satisfies readonly (readonly [string, keyof NewActivityRow])[];

export const copyStatement = `copy activity_log (${copyColumns.map(([c]) => c).join(", ")}) from stdin with (format csv)`;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows as CSV lines (NULL is an unquoted empty field, every value is quoted). */
export function toCsv(rows: NewActivityRow[]): string {
  let out = "";
  for (const row of rows) out += `${copyColumns.map(([, key]) => csvField(row[key])).join(",")}\n`;
  return out;
}
