import { and, asc, count, eq } from "drizzle-orm";
import { products, productVariants } from "@/db/schema";
import type { Db } from "@/lib/platform/db/types";

/** A store's products by title, with how many variants each has. */
export async function listProducts(db: Db, storeId: string) {
  return (
    db
      .select({
        id: products.id,
        title: products.title,
        description: products.description,
        status: products.status,
        updatedAt: products.updatedAt,
        variants: count(productVariants.id),
      })
      .from(products)
      .leftJoin(
        productVariants,
        and(eq(productVariants.storeId, products.storeId), eq(productVariants.productId, products.id)),
      )
      .where(eq(products.storeId, storeId))
      // The key is (store_id, id): grouping by it lets the other columns be selected.
      .groupBy(products.storeId, products.id)
      .orderBy(asc(products.title))
  );
}
