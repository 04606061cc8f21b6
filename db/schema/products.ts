import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { storeRowId } from "./ids";
import { stores } from "./stores";

export const productStatuses = ["active", "draft", "archived"] as const;

/** A product as synced from the print provider. */
export const products = pgTable(
  "products",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    providerProductId: text(),
    title: text().notNull(),
    description: text().notNull().default(""),
    status: text({ enum: productStatuses }).notNull().default("active"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    unique("products_provider_id_unique").on(t.storeId, t.providerProductId),
    index("products_store_idx").on(t.storeId, t.title),
    check("products_status_valid", sql`${t.status} in ('active', 'draft', 'archived')`),
  ],
);

/** A sellable variant (size × colour) of a product; prices in minor units. */
export const productVariants = pgTable(
  "product_variants",
  {
    id: storeRowId(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
    providerVariantId: text(),
    title: text().notNull(),
    sku: text().notNull(),
    priceAmount: integer().notNull(),
    inStock: boolean().notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      name: "product_variants_product_fk",
      columns: [t.storeId, t.productId],
      foreignColumns: [products.storeId, products.id],
    }).onDelete("cascade"),
    index("product_variants_product_idx").on(t.productId),
    unique("product_variants_sku_unique").on(t.storeId, t.sku),
    check("product_variants_price_nonnegative", sql`${t.priceAmount} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;
export type ProductVariant = typeof productVariants.$inferSelect;
