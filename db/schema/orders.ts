import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { products, productVariants } from "./products";
import { stores } from "./stores";

export const orderStatuses = [
  "pending",
  "paid",
  "submitted",
  "in_production",
  "shipped",
  "delivered",
  "cancelled",
  "refunded",
  "payment_failed",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export type ShippingAddress = {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  region?: string | null;
  country: string;
};

/** Order numbers for new orders: one sequence for all stores, so numbering never takes a lock (gaps are fine). */
export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 10001 });

/**
 * An order. Amounts are integers in the currency's minor unit (pence, cents).
 * `publicToken` (≥ 128 random bits) is the only key of the customer's order-status page.
 */
export const orders = pgTable(
  "orders",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    number: integer().notNull().default(sql`nextval('order_number_seq')`),
    status: text({ enum: orderStatuses }).notNull().default("pending"),
    currency: text().notNull(),
    subtotalAmount: integer().notNull().default(0),
    shippingAmount: integer().notNull().default(0),
    taxAmount: integer().notNull().default(0),
    totalAmount: integer().notNull(),
    refundedAmount: integer().notNull().default(0),
    customerEmail: text().notNull(),
    customerName: text(),
    shippingAddress: jsonb().$type<ShippingAddress>(),
    stripeCheckoutSessionId: text(),
    stripePaymentIntentId: text(),
    provider: text().notNull().default("printify"),
    providerOrderId: text(),
    /** The provider's own status word ("in-production", "fulfilled"…), as last reported. */
    providerStatus: text(),
    /** When the event that set `status` happened (its own timestamp): late events older than this never move the status. */
    statusChangedAt: timestamp({ withTimezone: true }),
    /** Set before the first call to the provider: a retry after a crash looks the order up by its external id first. */
    submissionStartedAt: timestamp({ withTimezone: true }),
    publicToken: text().notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    // The status page finds an order by its token alone; not a unique key (which would have to
    // lead with store_id): 128 random bits never collide.
    index("orders_public_token_idx").on(t.publicToken),
    unique("orders_number_unique").on(t.storeId, t.number),
    unique("orders_checkout_session_unique").on(t.storeId, t.stripeCheckoutSessionId),
    index("orders_store_placed_idx").on(t.storeId, t.placedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("orders_customer_email_idx").on(t.storeId, t.customerEmail),
    index("orders_in_flight_idx")
      .on(t.storeId, t.status)
      .where(sql`${t.status} in ('paid', 'submitted', 'in_production', 'shipped')`),
    check(
      "orders_status_valid",
      sql`${t.status} in ('pending', 'paid', 'submitted', 'in_production', 'shipped', 'delivered', 'cancelled', 'refunded', 'payment_failed')`,
    ),
    check("orders_amounts_nonnegative", sql`${t.totalAmount} >= 0 and ${t.refundedAmount} >= 0`),
    check("orders_public_token_length", sql`length(${t.publicToken}) >= 22`),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    orderId: uuid().notNull(),
    productId: uuid(),
    variantId: uuid(),
    title: text().notNull(),
    variantTitle: text(),
    sku: text(),
    quantity: integer().notNull(),
    unitAmount: integer().notNull(),
    totalAmount: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      name: "order_items_order_fk",
      columns: [t.storeId, t.orderId],
      foreignColumns: [orders.storeId, orders.id],
    }).onDelete("cascade"),
    // ON DELETE SET NULL (product_id) / (variant_id) in the migration: the store column stays.
    foreignKey({
      name: "order_items_product_fk",
      columns: [t.storeId, t.productId],
      foreignColumns: [products.storeId, products.id],
    }).onDelete("set null"),
    foreignKey({
      name: "order_items_variant_fk",
      columns: [t.storeId, t.variantId],
      foreignColumns: [productVariants.storeId, productVariants.id],
    }).onDelete("set null"),
    index("order_items_order_idx").on(t.orderId),
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
