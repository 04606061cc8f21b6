import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { abandonedCheckouts, activityLog, orderItems, orders } from "@/db/schema";
import type { EventType } from "@/lib/activity";
import type { JobContext, JobQueue } from "@/lib/jobs/queue";
import { type Config, parseConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";

/** A configuration for mail tests: SMTP when a URL is given, else the outbox; no sandbox unless asked. */
export function mailConfig(smtpUrl: string | null, env: Record<string, string> = {}): Config {
  return parseConfig({
    APP_URL: "https://shop.example",
    STORYLINE_SANDBOX: "false",
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    ...env,
  });
}

/** What the queue would hand a handler, for calling it directly. */
export function jobContext(db: Db, config: Config, overrides: Partial<JobContext> = {}): JobContext {
  const attempt = overrides.attempt ?? 1;
  const maxAttempts = overrides.maxAttempts ?? 3;
  return {
    db,
    config,
    queue: null as unknown as JobQueue,
    jobId: randomUUID(),
    attempt,
    maxAttempts,
    isLastAttempt: attempt >= maxAttempts,
    ...overrides,
  };
}

export type TestOrder = { id: string; number: number; publicToken: string; customerEmail: string };

/** A paid order with two line items. */
export async function createOrder(
  db: Db,
  storeId: string,
  customerEmail = "ana@example.com",
): Promise<TestOrder> {
  const [order] = await db
    .insert(orders)
    .values({
      storeId,
      status: "paid",
      currency: "GBP",
      subtotalAmount: 4300,
      shippingAmount: 450,
      totalAmount: 4750,
      customerEmail,
      customerName: "Ana Lima",
      publicToken: randomBytes(24).toString("base64url"),
    })
    .returning({
      id: orders.id,
      number: orders.number,
      publicToken: orders.publicToken,
      customerEmail: orders.customerEmail,
    });
  await db.insert(orderItems).values([
    {
      storeId,
      orderId: order!.id,
      title: "Mug",
      variantTitle: "White / 11oz",
      quantity: 2,
      unitAmount: 1200,
      totalAmount: 2400,
    },
    {
      storeId,
      orderId: order!.id,
      title: "T-shirt",
      variantTitle: "M",
      quantity: 1,
      unitAmount: 1900,
      totalAmount: 1900,
    },
  ]);
  return order!;
}

/** An abandoned checkout of £28.00. */
export async function createCheckout(
  db: Db,
  storeId: string,
  values: Partial<typeof abandonedCheckouts.$inferInsert> = {},
): Promise<string> {
  const [row] = await db
    .insert(abandonedCheckouts)
    .values({
      storeId,
      stripeCheckoutSessionId: `cs_test_${randomBytes(8).toString("hex")}`,
      customerEmail: "cart@example.com",
      amount: 2800,
      currency: "GBP",
      expiredAt: new Date(Date.now() - 3_600_000),
      ...values,
    })
    .returning({ id: abandonedCheckouts.id });
  return row!.id;
}

/** The store's rows of one event type, oldest first. */
export function eventsOf(db: Db, storeId: string, type: EventType) {
  return db
    .select()
    .from(activityLog)
    .where(and(eq(activityLog.storeId, storeId), eq(activityLog.eventType, type)))
    .orderBy(activityLog.occurredAt, activityLog.id);
}

/** The error a promise rejects with (or null when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}
