import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email, shown } from "./payload-fields";

const emailGroup = defineFeedGroup({ key: "order.email", label: "Emails", allLabel: "All email events" });

const orderEmail = z.enum(["confirmation", "shipping"]);

const staffEmailGroup = defineFeedGroup({
  key: "email",
  label: "Staff emails",
  allLabel: "All staff emails",
});

/** The emails an order sends its customer. */
export const emailEvents = {
  "order.email.confirmation_sent": defineEvent({
    label: "Confirmation sent",
    level: "info",
    entity: "order",
    feedGroup: emailGroup,
    visibility: "customer",
    payload: z.object({ to: email }),
    personalFields: ["to"],
    message: (p) => `Order confirmation sent to ${shown(p.to, "the customer")}`,
    customerWording: () => "We emailed you a confirmation.",
  }),
  "order.email.shipping_sent": defineEvent({
    label: "Shipping email sent",
    level: "info",
    entity: "order",
    feedGroup: emailGroup,
    visibility: "customer",
    payload: z.object({ to: email }),
    personalFields: ["to"],
    message: (p) => `Shipping notification sent to ${shown(p.to, "the customer")}`,
    customerWording: () => "We emailed you the tracking details.",
  }),
  "order.email.failed": defineEvent({
    label: "Email failed",
    level: "error",
    entity: "order",
    feedGroup: emailGroup,
    payload: z.object({ email: orderEmail, to: email, reason: z.string().min(1) }),
    personalFields: ["to"],
    message: (p) => `Could not send the ${p.email} email: ${p.reason}`,
  }),
  "order.email.resend_requested": defineEvent({
    label: "Email resend requested",
    level: "info",
    entity: "order",
    feedGroup: emailGroup,
    payload: z.object({ email: orderEmail, to: email }),
    personalFields: ["to"],
    message: (p, c) =>
      `${c.actorLabel} asked to resend the ${p.email} email to ${shown(p.to, "the customer")}`,
  }),
  "email.digest_sent": defineEvent({
    label: "Morning email sent",
    level: "info",
    entity: "user",
    feedGroup: staffEmailGroup,
    payload: z.object({
      to: email,
      /** The store's local day the digest is for. */
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      open: z.number().int().nonnegative(),
      resolvedOvernight: z.number().int().nonnegative(),
    }),
    personalFields: ["to"],
    message: (p) =>
      `Morning email sent to ${shown(p.to, "a member of staff")}: ${p.open} open ${p.open === 1 ? "problem" : "problems"}, ${p.resolvedOvernight} resolved overnight`,
  }),
} as const;
