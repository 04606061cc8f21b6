import { z } from "zod";
import { formatMoney } from "@/lib/platform/format/format-money";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email, money, present, shown } from "./payload-fields";

const cartGroup = defineFeedGroup({ key: "abandoned_cart", label: "Carts", allLabel: "All cart events" });

/** Checkouts left unpaid, and their recovery. */
export const cartEvents = {
  "abandoned_cart.detected": defineEvent({
    label: "Checkout abandoned",
    level: "info",
    entity: "cart",
    feedGroup: cartGroup,
    payload: z.object({ email: email.nullable(), ...money }),
    personalFields: ["email"],
    message: (p) =>
      `Checkout expired unpaid — ${formatMoney(p.amount, p.currency)}${present(p.email) ? ` (${p.email})` : ""}`,
  }),
  "abandoned_cart.email_sent": defineEvent({
    label: "Recovery email sent",
    level: "info",
    entity: "cart",
    feedGroup: cartGroup,
    payload: z.object({ to: email, ...money }).partial({ amount: true, currency: true }),
    personalFields: ["to"],
    message: (p) => `Recovery email sent to ${shown(p.to, "the customer")}`,
  }),
  "abandoned_cart.email_failed": defineEvent({
    label: "Recovery email failed",
    level: "error",
    entity: "cart",
    feedGroup: cartGroup,
    payload: z.object({ to: email, reason: z.string().min(1) }),
    personalFields: ["to"],
    message: (p) => `Could not send the recovery email to ${shown(p.to, "the customer")}: ${p.reason}`,
  }),
  "abandoned_cart.recovered": defineEvent({
    label: "Cart recovered",
    level: "info",
    entity: "cart",
    feedGroup: cartGroup,
    payload: z.object({ ...money }),
    message: (p) => `Cart recovered — ${formatMoney(p.amount, p.currency)}`,
  }),
} as const;
