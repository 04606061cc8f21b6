import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email } from "./payload-fields";

const emailGroup = defineFeedGroup({ key: "order.email", label: "Emails", allLabel: "All email events" });

const orderEmail = z.enum(["confirmation", "shipping"]);

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
    message: (p) => `Order confirmation sent to ${p.to}`,
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
    message: (p) => `Shipping notification sent to ${p.to}`,
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
    message: (p, c) => `${c.actorLabel} asked to resend the ${p.email} email to ${p.to}`,
  }),
} as const;
