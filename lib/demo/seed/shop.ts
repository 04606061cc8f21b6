import type { loginAttempts, products, productVariants, webhookDeliveries } from "@/db/schema";
import { uuidv7 } from "@/db/schema/ids";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { actors, type EventPlan, type StaffMember } from "./event-plan";
import type { Customer, Locale, ProductKind } from "./fixtures";
import type { Rng } from "./prng";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type ProductRow = typeof products.$inferInsert & { id: string };
export type VariantRow = typeof productVariants.$inferInsert & { id: string };
export type ProductPlan = { row: ProductRow; variants: VariantRow[]; kind: ProductKind; design: string };

/** One shop being seeded: its people, catalogue and the rows and events collected for it. */
export type Shop = {
  storeId: string;
  slug: string;
  name: string;
  printifyShopId: string;
  locale: Locale;
  rng: Rng;
  now: Date;
  plan: EventPlan;
  owner: StaffMember;
  /** Everyone who acts in the admin (owner first). */
  staff: StaffMember[];
  products: ProductPlan[];
  customers: Customer[];
  deliveries: (typeof webhookDeliveries.$inferInsert)[];
  loginAttempts: (typeof loginAttempts.$inferInsert)[];
};

/** A time `ms` before the shop's "now". */
export function ago(shop: Shop, ms: number): Date {
  return new Date(shop.now.getTime() - ms);
}

/** Midnight UTC `days` days before now, plus `ms`. */
export function dayAt(shop: Shop, days: number, ms: number): Date {
  const midnight = Math.floor(shop.now.getTime() / DAY) * DAY;
  return new Date(midnight - days * DAY + ms);
}

function receivedAt(shop: Shop, at: Date): Date {
  return new Date(Math.min(shop.now.getTime(), at.getTime() + 400 + shop.rng.int(0, 900)));
}

/** A Stripe webhook delivery we accepted: its row, and the context its events are logged with. */
export function stripeWebhook(
  shop: Shop,
  type: string,
  object: Record<string, unknown> & { id: string },
  at: Date,
): { ctx: ActivityContext; eventId: string; dedupeKey: string } {
  const eventId = `evt_1${shop.rng.alnum(23)}`;
  shop.deliveries.push({
    id: uuidv7(),
    storeId: shop.storeId,
    provider: "stripe",
    providerEventId: eventId,
    eventType: type,
    payload: {
      id: eventId,
      object: "event",
      type,
      created: Math.floor(at.getTime() / 1000),
      livemode: false,
      data: { object },
    },
    receivedAt: receivedAt(shop, at),
  });
  return { ctx: actors.stripe(shop.storeId, eventId), eventId, dedupeKey: `stripe:${eventId}` };
}

/** A Printify webhook delivery we accepted. */
export function printifyWebhook(
  shop: Shop,
  type: string,
  resource: Record<string, unknown> & { id: string },
  at: Date,
): { ctx: ActivityContext; eventId: string; dedupeKey: string } {
  const r = shop.rng;
  const eventId = `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}`;
  shop.deliveries.push({
    id: uuidv7(),
    storeId: shop.storeId,
    provider: "printify",
    providerEventId: eventId,
    eventType: type,
    payload: {
      id: eventId,
      type,
      created_at: at.toISOString(),
      resource: { ...resource, data: { shop_id: shop.printifyShopId, ...(resource.data as object) } },
    },
    receivedAt: receivedAt(shop, at),
  });
  return { ctx: actors.printify(shop.storeId, eventId), eventId, dedupeKey: `printify:${eventId}` };
}
