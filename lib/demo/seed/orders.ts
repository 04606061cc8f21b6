import { randomBytes } from "node:crypto";
import type { OrderStatus, orderItems, orders, ShippingAddress } from "@/db/schema";
import { uuidv7 } from "@/db/schema/ids";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { actors, type StaffMember } from "./event-plan";
import { type Carrier, type Customer, makeAddress } from "./fixtures";
import {
  DAY,
  HOUR,
  MINUTE,
  type ProductPlan,
  printifyWebhook,
  SECOND,
  type Shop,
  stripeWebhook,
} from "./shop";

/** A turn in an order's story on top of the happy path its status implies. */
export type Twist =
  | "retry_then_ok"
  | "retries_exhausted"
  | "out_of_stock"
  | "confirmation_email_failed"
  | "shipping_email_failed"
  | "address_changed"
  | "email_corrected"
  | "partial_refund"
  | "partial_refund_open"
  | "cart_recovered"
  | "abandoned"
  | "payment_failed_open"
  | "customer_cancelled"
  | "duplicate"
  | "provider_cancelled"
  | "lost_in_transit"
  | "damaged"
  | "damaged_open"
  | "note"
  | "details_delayed"
  | "stuck"
  | "abandoned_email_retried"
  | "resubmitted";

export type Scenario = { status: OrderStatus; twist?: Twist; count?: number };

export type OrderRow = typeof orders.$inferInsert & { id: string };
export type ItemRow = typeof orderItems.$inferInsert & { unitAmount: number; totalAmount: number };

/**
 * One event of a story: at a fixed offset from the order's placement (`gap` null), or `gap` after
 * the previous event. Staff steps move into working hours once the story is placed in time.
 */
type Step = { offset: number; gap: number | null; staff: boolean; emit: (at: Date) => void };
/** How long before now the story's last event happened: a range, or anywhere in the window. */
type Slack = readonly [number, number] | "any";

type OrderPlan = {
  id: string;
  number: number;
  status: OrderStatus;
  twist: Twist | null;
  customer: Customer;
  email: string;
  address: ShippingAddress;
  items: ItemRow[];
  subtotal: number;
  shipping: number;
  total: number;
  refunded: number;
  checkoutSessionId: string;
  paymentIntentId: string;
  providerOrderId: string | null;
  willSubmit: boolean;
  publicToken: string;
  placedAt: Date;
  lastAt: Date;
  earliestAt: Date;
  steps: Step[];
  /** When each step happens, once placed in time. */
  timesAt: number[];
  /** The Stripe event that created the order: what its workers' events are correlated with. */
  correlationId: string | null;
  carrier: Carrier | null;
};

const MAX_ATTEMPTS = 3;
const PROVIDER = "Printify";

const RESOLVED = {
  retrySucceeded: "Resolved automatically: submitted to Printify on attempt 2.",
  retriedToTheEnd: "Resolved automatically: superseded by the next attempt.",
  emailResent: "The SMTP password had expired; updated it and resent the email from the order page.",
  resubmitted: "Printify was down for an hour; resubmitted once it was back and it went through.",
  strayCancelled: "That attempt had gone through after all; cancelled it at Printify before resubmitting.",
  cardDeclined: "The customer's bank declined the card; nothing for us to do.",
  refundDone: "Refunded in full in Stripe; the customer has been told.",
  cancelDone: "Cancelled before it went to Printify, so nothing was printed.",
  partialDone: "Partial refund agreed with the customer by email.",
  lostClaim: "Claim filed with the carrier; the customer has been refunded.",
  detailsLoaded: "Resolved automatically: the line items were loaded from Stripe on attempt 2.",
  stuckHandled: "Printify support says their API queue is backed up; they will pick it up within the day.",
  cartEmailResent: "Resolved automatically: the recovery email went out on attempt 2.",
} as const;

const NOTES = {
  happy: [
    "Customer emailed a photo — they love it. Sent a 10% code for next time.",
    "Gift order: customer asked us not to include the receipt. Printify packing slips have no prices, so all good.",
    "Repeat customer (third order this year).",
  ],
  inTransit: [
    "Customer asked whether it will arrive before Saturday; tracking says Friday.",
    "Customer asked for gift wrap — Printify can't do it, told them so and they're fine with it.",
  ],
  outOfStock: "Emailed the customer offering the same design in another colour; waiting for a reply.",
} as const;

class Story {
  t = 0;
  min = 0;
  readonly steps: Step[] = [];

  constructor(private readonly shop: Shop) {}

  private span(min: number, max: number) {
    return Math.max(SECOND, Math.round(this.shop.rng.between(min, max) / SECOND) * SECOND);
  }

  /** The first event: when the order was placed. */
  start(emit: (at: Date) => void) {
    this.steps.push({ offset: 0, gap: null, staff: false, emit });
  }

  /** An event between `min` and `max` after the previous one. */
  after(min: number, max: number, emit: (at: Date) => void, staff = false) {
    const gap = this.span(min, max);
    this.t += gap;
    this.steps.push({ offset: this.t, gap, staff, emit });
  }

  /** Something a person on the staff does, in working hours. */
  staff(min: number, max: number, emit: (at: Date) => void) {
    this.after(min, max, emit, true);
  }

  /** An event before the order was placed (an abandoned-cart email). */
  before(min: number, max: number, emit: (at: Date) => void) {
    const offset = -this.span(min, max);
    this.min = Math.min(this.min, offset);
    this.steps.push({ offset, gap: null, staff: false, emit });
  }
}

/**
 * 08:00–19:00 UTC (the shops are in London and Dublin): outside it, moves to the next morning.
 * The minutes past eight come from the step's own gap, not the PRNG, so the random stream (and
 * with it the rest of the seed) does not depend on the time of day the seed runs at.
 */
function workingHours(at: number, gap: number): number {
  const hour = new Date(at).getUTCHours();
  if (hour >= 8 && hour < 19) return at;
  const midnight = Math.floor(at / DAY) * DAY + (hour >= 19 ? DAY : 0);
  return midnight + 8 * HOUR + (((gap / SECOND) * 7919) % (100 * 60)) * SECOND;
}

/** The story's events in time: staff steps in working hours, everything before `now`. */
function schedule(shop: Shop, o: OrderPlan): number[] {
  const placed = o.placedAt.getTime();
  let previous = placed;
  let times = o.steps.map((step) => {
    if (step.gap === null) return placed + step.offset;
    let at = previous + step.gap;
    if (step.staff) at = workingHours(at, step.gap);
    previous = at;
    return at;
  });
  // Working hours pushed the end past now: move the whole story back by whole days.
  const overflow = Math.max(...times) - shop.now.getTime();
  if (overflow > 0) {
    const shift = Math.ceil(overflow / DAY) * DAY;
    times = times.map((t) => t - shift);
    o.placedAt = new Date(placed - shift);
  }
  return times;
}

function pickStaff(shop: Shop, seniorOnly = false): StaffMember {
  return shop.rng.pick(seniorOnly ? shop.staff.slice(0, 2) : shop.staff);
}

/** "amelia.smith@example.com" → "amelia.smtih@example.com": the typo a customer fixes later. */
function typo(email: string): string {
  const [local, domain] = email.split("@") as [string, string];
  // Swap the last two neighbouring letters that differ.
  for (let i = local.length - 2; i > 0; i--) {
    const a = local[i]!;
    const b = local[i + 1]!;
    if (a !== b && /[a-z]/.test(a) && /[a-z]/.test(b))
      return `${local.slice(0, i)}${b}${a}${local.slice(i + 2)}@${domain}`;
  }
  return `${local}x@${domain}`;
}

/** Builds one order's story (what happens, how long each step takes) according to its scenario. */
function tell(shop: Shop, o: OrderPlan, s: Story): Slack {
  const { plan, rng, storeId } = shop;
  const currency = shop.locale.currency;
  const twist = o.twist;
  const on = (at: Date, extra: { dedupeKey?: string; resolve?: string } = {}) => ({
    orderId: o.id,
    occurredAt: at,
    ...extra,
  });
  const worker = (label: "Order submission worker" | "Email worker", correlationId = o.correlationId) =>
    actors.worker(storeId, label, correlationId);
  const staffCtx = (member: StaffMember): ActivityContext => actors.staff(storeId, member);

  const cartWorker = () => actors.worker(storeId, "Abandoned cart worker", `cart:${o.checkoutSessionId}`);
  const cartEmail = (at: Date) =>
    plan.add(
      cartWorker(),
      "abandoned_cart.email_sent",
      { to: o.email, amount: o.total, currency },
      {
        orderId: o.id,
        entity: { type: "cart", id: o.checkoutSessionId },
        occurredAt: at,
        dedupeKey: `cart:${o.checkoutSessionId}:email`,
      },
    );

  const refund = (at: Date, amount: number, reason: string, resolve?: string) => {
    const hook = stripeWebhook(
      shop,
      "charge.refunded",
      {
        id: `ch_test_${rng.alnum(24)}`,
        object: "charge",
        payment_intent: o.paymentIntentId,
        amount_refunded: amount,
      },
      at,
    );
    plan.add(
      hook.ctx,
      "order.refunded",
      { amount, currency, partial: amount < o.total, reason },
      on(at, { dedupeKey: hook.dedupeKey, resolve }),
    );
    o.refunded += amount;
  };

  const note = (at: Date, text: string, member = pickStaff(shop)) =>
    plan.add(staffCtx(member), "order.note_added", { note: text }, on(at));

  // ── Orders that never got paid ─────────────────────────────────────────────────────────────
  if (o.status === "pending") {
    if (twist === "abandoned" || twist === "abandoned_email_retried") {
      s.after(30 * MINUTE, 40 * MINUTE, (at) =>
        plan.add(
          cartWorker(),
          "abandoned_cart.detected",
          { email: o.email, amount: o.total, currency },
          {
            entity: { type: "cart", id: o.checkoutSessionId },
            occurredAt: at,
            dedupeKey: `cart:${o.checkoutSessionId}:detected`,
          },
        ),
      );
      if (twist === "abandoned_email_retried")
        s.after(50 * MINUTE, 70 * MINUTE, (at) =>
          plan.add(
            cartWorker(),
            "abandoned_cart.email_failed",
            { to: o.email, reason: "SMTP timeout" },
            {
              entity: { type: "cart", id: o.checkoutSessionId },
              occurredAt: at,
              dedupeKey: `cart:${o.checkoutSessionId}:email-failed`,
              resolve: RESOLVED.cartEmailResent,
            },
          ),
        );
      s.after(
        twist === "abandoned" ? 20 * MINUTE : 2 * MINUTE,
        twist === "abandoned" ? 2 * HOUR : 8 * MINUTE,
        cartEmail,
      );
      return [10 * MINUTE, 2 * DAY];
    }
    return [3 * MINUTE, 40 * MINUTE];
  }
  if (o.status === "payment_failed") {
    const reason = rng.pick([
      "Your card was declined.",
      "Your card has insufficient funds.",
      "3D Secure authentication failed.",
    ]);
    s.start((at) => {
      const hook = stripeWebhook(
        shop,
        "payment_intent.payment_failed",
        {
          id: o.paymentIntentId,
          object: "payment_intent",
          last_payment_error: { code: "card_declined", message: reason },
        },
        at,
      );
      plan.add(
        hook.ctx,
        "order.payment_failed",
        { reason, amount: o.total, currency },
        on(at, {
          dedupeKey: hook.dedupeKey,
          resolve: twist === "payment_failed_open" ? undefined : RESOLVED.cardDeclined,
        }),
      );
    });
    return twist === "payment_failed_open" ? [1 * HOUR, 20 * HOUR] : "any";
  }

  // ── Paid: Stripe's checkout.session.completed creates the order ─────────────────────────────
  if (twist === "cart_recovered") s.before(18 * HOUR, 26 * HOUR, cartEmail);
  s.start((at) => {
    const hook = stripeWebhook(
      shop,
      "checkout.session.completed",
      {
        id: o.checkoutSessionId,
        object: "checkout.session",
        payment_intent: o.paymentIntentId,
        amount_total: o.total,
        currency: currency.toLowerCase(),
        customer_details: { email: o.email, name: o.customer.name },
      },
      at,
    );
    o.correlationId = hook.eventId;
    plan.add(
      hook.ctx,
      "order.created",
      { amount: o.total, currency, via: "Stripe", orderNumber: o.number },
      on(at, { dedupeKey: hook.dedupeKey }),
    );
    if (twist === "cart_recovered")
      plan.add(
        hook.ctx,
        "abandoned_cart.recovered",
        { amount: o.total, currency },
        {
          orderId: o.id,
          entity: { type: "cart", id: o.checkoutSessionId },
          occurredAt: new Date(at.getTime() + SECOND),
          dedupeKey: `cart:${o.checkoutSessionId}:recovered`,
        },
      );
  });

  if (twist === "details_delayed") {
    const intake = () => actors.worker(storeId, "Order intake worker", o.correlationId);
    s.after(2 * SECOND, 5 * SECOND, (at) =>
      plan.add(
        intake(),
        "order.details_missing",
        { missing: "line items from Stripe", reason: "Stripe API timed out after 10 s" },
        on(at, { dedupeKey: `details-missing:${o.id}`, resolve: RESOLVED.detailsLoaded }),
      ),
    );
    s.after(30 * SECOND, 90 * SECOND, (at) =>
      plan.add(
        intake(),
        "order.details_completed",
        { items: o.items.length, source: "Stripe" },
        on(at, { dedupeKey: `details-completed:${o.id}` }),
      ),
    );
  }

  const confirmationTo = twist === "email_corrected" ? typo(o.email) : o.email;
  if (twist === "confirmation_email_failed") {
    // A failure no retry can fix; once the mail login was fixed, someone resent it from the order page.
    s.after(1 * MINUTE, 3 * MINUTE, (at) =>
      plan.add(
        worker("Email worker"),
        "order.email.failed",
        {
          email: "confirmation",
          to: confirmationTo,
          reason: "SMTP login refused: 535 5.7.8 Authentication failed",
        },
        on(at, { dedupeKey: `email:confirmation:${o.id}:failed:1`, resolve: RESOLVED.emailResent }),
      ),
    );
    const member = pickStaff(shop);
    const resend = `admin:${uuidv7()}`;
    s.staff(20 * MINUTE, 2 * HOUR, (at) =>
      plan.add(
        actors.staff(storeId, member, resend),
        "order.email.resend_requested",
        { email: "confirmation", to: confirmationTo },
        on(at),
      ),
    );
    s.after(3 * SECOND, 12 * SECOND, (at) =>
      plan.add(
        worker("Email worker", resend),
        "order.email.confirmation_sent",
        { to: confirmationTo },
        on(at, { dedupeKey: `email:confirmation:${o.id}` }),
      ),
    );
  } else {
    s.after(1 * MINUTE, 3 * MINUTE, (at) =>
      plan.add(
        worker("Email worker"),
        "order.email.confirmation_sent",
        { to: confirmationTo },
        on(at, { dedupeKey: `email:confirmation:${o.id}` }),
      ),
    );
  }

  // Cancelled by staff before it went to the printer, then refunded in Stripe.
  if (twist === "customer_cancelled" || twist === "duplicate") {
    const member = pickStaff(shop, true);
    s.staff(6 * MINUTE, 9 * MINUTE, (at) =>
      plan.add(
        staffCtx(member),
        "order.cancelled",
        twist === "duplicate"
          ? { reason: "duplicate order", by: "staff" }
          : { reason: "customer request", by: "customer" },
        on(at, { resolve: RESOLVED.cancelDone }),
      ),
    );
    s.after(1 * MINUTE, 4 * MINUTE, (at) =>
      refund(at, o.total, twist === "duplicate" ? "duplicate" : "requested_by_customer", RESOLVED.refundDone),
    );
    return "any";
  }

  if (twist === "address_changed") {
    const member = pickStaff(shop);
    const before = makeAddress(rng, shop.locale, o.customer.name);
    s.staff(3 * MINUTE, 6 * MINUTE, (at) =>
      plan.add(
        staffCtx(member),
        "order.updated",
        { summary: "the shipping address" },
        {
          ...on(at),
          changes: diffChanges<{ shippingAddress: ShippingAddress }>(
            { shippingAddress: before },
            { shippingAddress: o.address },
            { shippingAddress: "Shipping address" },
          ),
        },
      ),
    );
  }

  // ── Submission to Printify ─────────────────────────────────────────────────────────────────
  const submissionFailed = (attempt: number, reason: string, retryable: boolean, resolve?: string) => {
    const final = !retryable || attempt === MAX_ATTEMPTS;
    return (at: Date) =>
      plan.add(
        worker("Order submission worker"),
        "order.submission_failed",
        { provider: PROVIDER, reason, attempt, maxAttempts: MAX_ATTEMPTS, retryable, final },
        on(at, { dedupeKey: `submit:${o.id}:failed:${attempt}`, resolve }),
      );
  };
  const retried = (attempt: number) => (at: Date) =>
    plan.add(
      worker("Order submission worker"),
      "order.submission_retried",
      { attempt, maxAttempts: MAX_ATTEMPTS },
      on(at, { dedupeKey: `submit:${o.id}:retry:${attempt}` }),
    );

  if (o.status === "paid") {
    if (twist === "retries_exhausted") {
      const reason = "Printify API unreachable (HTTP 503 Service Unavailable)";
      s.after(10 * MINUTE, 20 * MINUTE, submissionFailed(1, reason, true, RESOLVED.retriedToTheEnd));
      s.after(5 * MINUTE, 5 * MINUTE, retried(2));
      s.after(8 * SECOND, 30 * SECOND, submissionFailed(2, reason, true, RESOLVED.retriedToTheEnd));
      s.after(15 * MINUTE, 15 * MINUTE, retried(3));
      s.after(8 * SECOND, 30 * SECOND, submissionFailed(3, reason, true));
      return [1 * HOUR, 10 * HOUR];
    }
    if (twist === "out_of_stock") {
      s.after(10 * MINUTE, 20 * MINUTE, (at) => {
        const item = o.items[0]!;
        submissionFailed(1, `variant out of stock (${item.title} — ${item.variantTitle})`, false)(at);
      });
      s.staff(40 * MINUTE, 3 * HOUR, (at) => note(at, NOTES.outOfStock, pickStaff(shop, true)));
      return [1 * HOUR, 20 * HOUR];
    }
    if (twist === "stuck") {
      s.after(31 * MINUTE, 35 * MINUTE, (at) =>
        plan.add(
          actors.system(storeId, "Watchdog"),
          "order.stuck",
          { stage: "not_submitted", since: o.placedAt.toISOString(), thresholdMinutes: 30 },
          on(at, { dedupeKey: `stuck:${o.id}:not_submitted`, resolve: RESOLVED.stuckHandled }),
        ),
      );
      return [1 * HOUR, 3 * HOUR];
    }
    // Just paid: the submission worker has not picked it up yet.
    return [0, 4 * MINUTE];
  }

  o.willSubmit = true;
  // A resubmission is a new job, correlated with the person's request rather than the payment.
  const resubmission = twist === "resubmitted" ? `admin:${uuidv7()}` : undefined;
  if (twist === "resubmitted") {
    // Every automatic attempt failed; someone on the staff resubmitted it once Printify was back.
    const reason = "Printify API unreachable (HTTP 503 Service Unavailable)";
    s.after(10 * MINUTE, 20 * MINUTE, submissionFailed(1, reason, true, RESOLVED.resubmitted));
    s.after(5 * MINUTE, 5 * MINUTE, retried(2));
    s.after(8 * SECOND, 30 * SECOND, submissionFailed(2, reason, true, RESOLVED.resubmitted));
    s.after(15 * MINUTE, 15 * MINUTE, retried(3));
    s.after(8 * SECOND, 30 * SECOND, submissionFailed(3, reason, true, RESOLVED.resubmitted));
    const member = pickStaff(shop, true);
    s.staff(40 * MINUTE, 3 * HOUR, (at) => {
      // One "failed" attempt had reached Printify after all: reconciliation found its order, and
      // the person who resubmitted cancelled it there first.
      plan.add(
        actors.worker(storeId, "Reconciliation worker", null),
        "order.provider_order_unknown",
        { provider: PROVIDER, providerOrderId: `PFY-9${o.number}`, knownProviderOrderId: null },
        on(new Date(at.getTime() - 20 * MINUTE), {
          dedupeKey: `provider-order-unknown:PFY-9${o.number}`,
          resolve: RESOLVED.strayCancelled,
        }),
      );
      plan.add(
        actors.staff(storeId, member, resubmission),
        "order.resubmitted",
        { provider: PROVIDER },
        on(at),
      );
    });
  }
  if (twist === "retry_then_ok") {
    s.after(
      10 * MINUTE,
      25 * MINUTE,
      submissionFailed(1, "Printify API timed out after 30 s", true, RESOLVED.retrySucceeded),
    );
    s.after(5 * MINUTE, 5 * MINUTE, retried(2));
  }
  const soon = twist === "retry_then_ok" || twist === "resubmitted";
  s.after(soon ? 6 * SECOND : 10 * MINUTE, soon ? 15 * SECOND : 30 * MINUTE, (at) =>
    plan.add(
      worker("Order submission worker", resubmission),
      "order.submitted",
      { provider: PROVIDER, providerOrderId: o.providerOrderId! },
      on(at, { dedupeKey: `submit:${o.id}` }),
    ),
  );
  if (o.status === "submitted") return [0, 6 * HOUR];

  const printify = (type: string, at: Date, data: Record<string, unknown>) =>
    printifyWebhook(shop, type, { id: o.providerOrderId!, type: "order", data }, at);

  if (twist === "provider_cancelled") {
    s.after(3 * HOUR, 10 * HOUR, (at) => {
      const hook = printify("order:updated", at, { status: "canceled" });
      plan.add(
        hook.ctx,
        "order.cancelled",
        { reason: "print file rejected by the print provider (resolution too low for A2)", by: "provider" },
        on(at, { dedupeKey: hook.dedupeKey }),
      );
    });
    return "any";
  }

  s.after(4 * HOUR, 20 * HOUR, (at) => {
    const hook = printify("order:sent-to-production", at, { status: "in-production" });
    plan.add(hook.ctx, "order.production", { provider: PROVIDER }, on(at, { dedupeKey: hook.dedupeKey }));
  });

  if (twist === "email_corrected") {
    const member = pickStaff(shop);
    s.staff(1 * HOUR, 5 * HOUR, (at) =>
      plan.add(
        staffCtx(member),
        "order.updated",
        { summary: "the customer's email address" },
        {
          ...on(at),
          changes: diffChanges<{ customerEmail: string }>(
            { customerEmail: confirmationTo },
            { customerEmail: o.email },
            { customerEmail: "Customer email" },
          ),
        },
      ),
    );
  }
  if (o.status === "in_production") return [0, 30 * HOUR];

  // ── Shipping ───────────────────────────────────────────────────────────────────────────────
  const carrier = rng.pick(shop.locale.carriers);
  o.carrier = carrier;
  s.after(20 * HOUR, 60 * HOUR, (at) => {
    const trackingNumber = carrier.tracking(rng);
    const trackingUrl = carrier.url(trackingNumber);
    const hook = printify("order:shipment:created", at, {
      carrier: { code: carrier.name, tracking_number: trackingNumber, tracking_url: trackingUrl },
    });
    plan.add(
      hook.ctx,
      "order.shipped",
      { carrier: carrier.name, trackingNumber, trackingUrl },
      on(at, { dedupeKey: hook.dedupeKey }),
    );
    o.correlationId = hook.eventId;
  });
  if (twist === "shipping_email_failed") {
    s.after(1 * MINUTE, 4 * MINUTE, (at) =>
      plan.add(
        worker("Email worker"),
        "order.email.failed",
        { email: "shipping", to: o.email, reason: "SMTP timeout after 30 s (smtp.mailgun.org:587)" },
        on(at, { dedupeKey: `email:shipping:${o.id}:failed:3` }),
      ),
    );
  } else {
    s.after(1 * MINUTE, 4 * MINUTE, (at) =>
      plan.add(
        worker("Email worker"),
        "order.email.shipping_sent",
        { to: o.email },
        on(at, { dedupeKey: `email:shipping:${o.id}` }),
      ),
    );
  }
  if (twist === "note" && o.status === "shipped")
    s.staff(2 * HOUR, 20 * HOUR, (at) => note(at, rng.pick(NOTES.inTransit)));
  if (o.status === "shipped") return [0, 2 * DAY];

  if (twist === "lost_in_transit") {
    const member = pickStaff(shop, true);
    s.staff(6 * DAY, 8 * DAY, (at) =>
      note(
        at,
        `Tracking hasn't moved for a week. Opened a claim with ${carrier.name} and refunding in full.`,
        member,
      ),
    );
    s.after(5 * MINUTE, 20 * MINUTE, (at) => refund(at, o.total, "lost in transit", RESOLVED.lostClaim));
    return "any";
  }

  // ── Delivered ──────────────────────────────────────────────────────────────────────────────
  s.after(1 * DAY, 3 * DAY, (at) => {
    const hook = printify("order:shipment:delivered", at, { status: "fulfilled" });
    plan.add(hook.ctx, "order.delivered", { carrier: carrier.name }, on(at, { dedupeKey: hook.dedupeKey }));
  });
  if (twist === "note") s.staff(3 * HOUR, 2 * DAY, (at) => note(at, rng.pick(NOTES.happy)));
  if (twist === "partial_refund" || twist === "partial_refund_open") {
    const member = pickStaff(shop, true);
    s.staff(6 * HOUR, 3 * DAY, (at) => {
      const item = o.items[0]!;
      note(
        at,
        `Customer sent a photo: the ${item.title} (${item.variantTitle}) arrived with a misprint. Refunding that item.`,
        member,
      );
    });
    s.after(10 * MINUTE, 40 * MINUTE, (at) =>
      refund(
        at,
        o.items[0]!.unitAmount,
        "misprinted item",
        twist === "partial_refund" ? RESOLVED.partialDone : undefined,
      ),
    );
  }
  if (twist === "damaged" || twist === "damaged_open") {
    const member = pickStaff(shop, true);
    s.staff(5 * HOUR, 2 * DAY, (at) =>
      note(at, "Parcel arrived crushed and everything inside is damaged. Refunding in full.", member),
    );
    s.after(10 * MINUTE, 1 * HOUR, (at) =>
      refund(at, o.total, "arrived damaged", twist === "damaged" ? RESOLVED.refundDone : undefined),
    );
  }
  return "any";
}

function chooseItems(shop: Shop, products: ProductPlan[], placedAt: Date): ItemRow[] {
  const { rng } = shop;
  // Always shuffle the whole catalogue and draw the same numbers, so how many products
  // existed at `placedAt` never shifts the random stream for the orders that follow.
  const lines = rng.chance(0.55) ? 1 : rng.chance(0.7) ? 2 : 3;
  const chosen = rng
    .shuffle(products)
    .filter((p) => p.row.status === "active" && (p.row.createdAt as Date).getTime() <= placedAt.getTime())
    .slice(0, lines);
  return chosen.map((product) => {
    const variant = product.variants[Math.floor(rng.float() * product.variants.length)]!;
    const quantity = rng.chance(0.85) ? 1 : 2;
    return {
      id: uuidv7(),
      storeId: shop.storeId,
      orderId: "",
      productId: product.row.id,
      variantId: variant.id,
      title: product.row.title,
      variantTitle: variant.title,
      sku: variant.sku,
      quantity,
      unitAmount: variant.priceAmount,
      totalAmount: variant.priceAmount * quantity,
    };
  });
}

/**
 * Plans a shop's orders from its scenarios, places them in time, numbers them from 1001 in the
 * order they were placed, and queues their stories on the shop's event plan.
 */
export function seedOrders(
  shop: Shop,
  scenarios: readonly Scenario[],
  window: { earliest: Date },
): { orders: OrderRow[]; items: ItemRow[] } {
  const { rng, now } = shop;
  const plans: OrderPlan[] = [];
  for (const scenario of scenarios) {
    for (let n = 0; n < (scenario.count ?? 1); n++) {
      const customer = rng.pick(shop.customers);
      const o: OrderPlan = {
        id: uuidv7(),
        number: 0,
        status: scenario.status,
        twist: scenario.twist ?? null,
        customer,
        email: customer.email,
        address: customer.address,
        items: [],
        subtotal: 0,
        shipping: 0,
        total: 0,
        refunded: 0,
        checkoutSessionId: `cs_test_${rng.alnum(40)}`,
        paymentIntentId: `pi_test_${rng.alnum(24)}`,
        providerOrderId: null,
        willSubmit: false,
        publicToken: randomBytes(24).toString("base64url"),
        placedAt: now,
        lastAt: now,
        earliestAt: now,
        steps: [],
        timesAt: [],
        correlationId: null,
        carrier: null,
      };
      const story = new Story(shop);
      const slack = tell(shop, o, story);
      const end = story.t;
      const latest = now.getTime() - end - (slack === "any" ? 10 * MINUTE : slack[0]);
      const earliest = Math.min(latest, window.earliest.getTime() - story.min);
      const placed =
        slack === "any"
          ? rng.between(earliest, latest)
          : Math.max(earliest, now.getTime() - end - rng.between(slack[0], slack[1]));
      o.placedAt = new Date(Math.floor(placed / SECOND) * SECOND);
      o.steps = story.steps;
      o.timesAt = schedule(shop, o);

      o.items = chooseItems(shop, shop.products, o.placedAt);
      for (const item of o.items) item.orderId = o.id;
      const units = o.items.reduce((sum, i) => sum + i.quantity, 0);
      o.subtotal = o.items.reduce((sum, i) => sum + i.totalAmount, 0);
      o.shipping = shop.locale.shipping(units);
      o.total = o.subtotal + o.shipping;
      if (o.twist === "out_of_stock") {
        const variantId = o.items[0]!.variantId;
        for (const p of shop.products) for (const v of p.variants) if (v.id === variantId) v.inStock = false;
      }
      // Addresses: the customer's usual one, unless they asked to change it on this order.
      if (o.twist === "address_changed") o.address = makeAddress(rng, shop.locale, customer.name);
      plans.push(o);
    }
  }

  plans.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  let providerSeq = 78_000 + rng.int(0, 400);
  plans.forEach((o, i) => {
    o.number = 1001 + i;
    if (o.willSubmit) {
      providerSeq += rng.int(3, 40);
      o.providerOrderId = `PFY-${providerSeq}`;
    }
  });
  // Tell the stories, each in its own order (ids and correlation ids are made on the way).
  for (const o of plans) {
    const times = o.timesAt;
    o.steps
      .map((step, i) => ({ step, at: times[i]! }))
      .sort((a, b) => a.at - b.at)
      .forEach(({ step, at }) => {
        step.emit(new Date(at));
      });
    o.lastAt = new Date(Math.max(o.placedAt.getTime(), ...times));
    o.earliestAt = new Date(Math.min(o.placedAt.getTime(), ...times));
  }

  const orderRows: OrderRow[] = plans.map((o) => ({
    id: o.id,
    storeId: shop.storeId,
    number: o.number,
    status: o.status,
    currency: shop.locale.currency,
    subtotalAmount: o.subtotal,
    shippingAmount: o.shipping,
    taxAmount: 0,
    totalAmount: o.total,
    refundedAmount: o.refunded,
    customerEmail: o.email,
    customerName: o.customer.name,
    shippingAddress: o.address,
    stripeCheckoutSessionId: o.checkoutSessionId,
    stripePaymentIntentId: o.paymentIntentId,
    provider: "printify",
    providerOrderId: o.providerOrderId,
    publicToken: o.publicToken,
    placedAt: o.placedAt,
    createdAt: new Date(Math.min(o.placedAt.getTime(), o.earliestAt.getTime()) - 2 * MINUTE),
    updatedAt: o.lastAt,
  }));
  return { orders: orderRows, items: plans.flatMap((o) => o.items) };
}
