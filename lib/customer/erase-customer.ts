import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { abandonedCheckouts, orders, outboxEmails, webhookDeliveries } from "@/db/schema";
import { REDACTED } from "@/lib/activity/catalog/payload-fields";
import { scrubCustomerActivity } from "@/lib/activity/retention/scrub-personal-data";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { logEventStrict } from "@/lib/activity/write/log-event";
import type { Db } from "@/lib/platform/db/types";
import { AppError, notFound } from "@/lib/platform/errors";

/** Orders on their way need the address (Printify, the shipping email): not erased until they end. */
const inFlightStatuses: readonly string[] = ["paid", "submitted", "in_production", "shipped"];

export const EraseCustomerInput = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter the customer's email address."),
    confirmEmail: z.string().trim().toLowerCase(),
  })
  .refine((input) => input.email === input.confirmEmail, {
    path: ["confirmEmail"],
    message: "Type the same email again to confirm.",
  });

/** An erasure may read a whole store's log: more than a request's usual statement budget. */
const ERASURE_STATEMENT_TIMEOUT = "120s";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/**
 * Owners forget a customer on request, by email: their name, email and address leave their
 * orders and carts, the outbox's copies of their emails, the webhook deliveries that carried
 * them, and every activity row of the store that mentions them or belongs to their orders
 * (scrubbed the seal's way, so the history still verifies), and the sign-in attempts made with
 * their email when it is no staff account's. Amounts, statuses and the events
 * themselves stay. One `customer.erased` event records that it happened, with counts, never
 * the email. All in one transaction: an erasure is complete or has not happened.
 */
export async function eraseCustomer(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof EraseCustomerInput>,
) {
  const { email } = EraseCustomerInput.parse(input);
  const storeId = activity.storeId;
  const pattern = `%${escapeLike(email)}%`;
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local statement_timeout = '${ERASURE_STATEMENT_TIMEOUT}'`));
    const theirOrders = await tx
      .select({
        id: orders.id,
        session: orders.stripeCheckoutSessionId,
        intent: orders.stripePaymentIntentId,
        providerOrderId: orders.providerOrderId,
        number: orders.number,
        status: orders.status,
      })
      .from(orders)
      .where(and(eq(orders.storeId, storeId), sql`lower(${orders.customerEmail}) = ${email}`))
      .for("update");
    const inFlight = theirOrders.filter((o) => inFlightStatuses.includes(o.status));
    if (inFlight.length)
      throw new AppError(
        "order_in_flight",
        `Order${inFlight.length === 1 ? "" : "s"} ${inFlight.map((o) => `#${o.number}`).join(", ")} still need${inFlight.length === 1 ? "s" : ""} the customer's address: erase once ${inFlight.length === 1 ? "it is" : "they are"} delivered or cancelled.`,
        409,
      );
    const theirCarts = await tx
      .select({ id: abandonedCheckouts.id, session: abandonedCheckouts.stripeCheckoutSessionId })
      .from(abandonedCheckouts)
      .where(
        and(
          eq(abandonedCheckouts.storeId, storeId),
          sql`lower(${abandonedCheckouts.customerEmail}) = ${email}`,
        ),
      );
    const orderIds = theirOrders.map((o) => o.id);
    const cartIds = theirCarts.map((c) => c.id);

    // First the log: the database recognises the customer's rows by their orders and carts.
    const events = await scrubCustomerActivity(tx, storeId, { email, orderIds, cartIds });

    const emails = await tx
      .update(outboxEmails)
      .set({ to: REDACTED, text: REDACTED, html: null })
      .where(
        and(
          eq(outboxEmails.storeId, storeId),
          or(
            sql`lower(${outboxEmails.to}) = ${email}`,
            orderIds.length ? inArray(outboxEmails.orderId, orderIds) : undefined,
            sql`${outboxEmails.text} ilike ${pattern}`,
          ),
        ),
      )
      .returning({ id: outboxEmails.id });

    // What a provider sent about them: by their email, or the ids of their checkouts and orders.
    const mentions = [
      pattern,
      ...[
        ...theirOrders.flatMap((o) => [o.session, o.intent, o.providerOrderId]),
        ...theirCarts.map((c) => c.session),
      ]
        .filter((id): id is string => Boolean(id))
        .map((id) => `%${escapeLike(id)}%`),
    ];
    const deliveries = await tx
      .update(webhookDeliveries)
      .set({
        payload: sql`jsonb_build_object('id', ${webhookDeliveries.payload}->'id', 'type', ${webhookDeliveries.payload}->'type', 'erased', true)`,
      })
      .where(
        and(
          eq(webhookDeliveries.storeId, storeId),
          sql`${webhookDeliveries.payload}::text ilike any (array[${sql.join(
            mentions.map((m) => sql`${m}`),
            sql`, `,
          )}]::text[])`,
        ),
      )
      .returning({ id: webhookDeliveries.id });

    if (orderIds.length)
      await tx
        .update(orders)
        .set({ customerEmail: REDACTED, customerName: null, shippingAddress: null, updatedAt: new Date() })
        .where(and(eq(orders.storeId, storeId), inArray(orders.id, orderIds)));
    if (cartIds.length)
      await tx
        .update(abandonedCheckouts)
        .set({ customerEmail: null })
        .where(and(eq(abandonedCheckouts.storeId, storeId), inArray(abandonedCheckouts.id, cartIds)));

    // Sign-ins tried with their email, when it is no account's: the lockout only ever needs an
    // account's own attempts (and counts an address's by the attempts left).
    await tx.execute(
      sql`delete from login_attempts where lower(email) = ${email}
          and not exists (select 1 from users where users.email = ${email})`,
    );

    if (!orderIds.length && !cartIds.length && !emails.length && !events && !deliveries.length)
      throw notFound("Nothing in this store mentions that email: no order, cart, email or event.");

    const counts = {
      orders: orderIds.length,
      carts: cartIds.length,
      emails: emails.length,
      webhookDeliveries: deliveries.length,
      events,
    };
    const logged = await logEventStrict(tx, activity, "customer.erased", counts, {
      entity: { type: "store", id: storeId },
    });
    return { ...counts, eventId: logged.id };
  });
}
