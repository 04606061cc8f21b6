import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";

const customerGroup = defineFeedGroup({
  key: "customer",
  label: "Customers",
  allLabel: "All customer events",
});

const count = z.number().int().nonnegative();

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** What the shop does for its customers' privacy. */
export const customerEvents = {
  "customer.erased": defineEvent({
    label: "Customer erased",
    level: "info",
    entity: "store",
    feedGroup: customerGroup,
    // Never the email itself: the record of an erasure names what was removed, not whose.
    payload: z.object({
      orders: count,
      carts: count,
      emails: count,
      webhookDeliveries: count,
      events: count,
    }),
    message: (p, c) =>
      `${c.actorLabel} erased a customer's personal data: ${plural(p.orders, "order")}, ${plural(p.carts, "cart")}, ${plural(p.emails, "email")} and ${plural(p.events, "event")}; amounts and events kept`,
  }),
} as const;
