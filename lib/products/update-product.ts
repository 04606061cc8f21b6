import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { productStatuses, products } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { recordChange } from "@/lib/changes/record-change";
import type { Db } from "@/lib/platform/db/types";

export const UpdateProductInput = z.object({
  productId: z.uuid({ message: "That product does not exist." }),
  title: z.string().trim().min(1, "Title is required.").max(200, "Title is limited to 200 characters."),
  description: z.string().trim().max(5000, "Description is limited to 5000 characters."),
  status: z.enum(productStatuses, { message: "Status is active, draft or archived." }),
});

/** Staff edit a product's title, description and status: `product.updated`, or `product.archived`. */
export async function updateProduct(
  db: Db,
  activity: ActivityContext,
  input: z.input<typeof UpdateProductInput>,
) {
  const { productId, ...patch } = UpdateProductInput.parse(input);
  const [current] = await db
    .select({ status: products.status })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.storeId, activity.storeId)));
  // Archiving is its own event; every other edit (un-archiving too) is an update.
  const archiving = patch.status === "archived" && current?.status !== "archived";
  return recordChange(db, activity, {
    table: products,
    match: eq(products.id, productId),
    entity: { type: "product", id: productId },
    patch,
    labels: { title: "Title", description: "Description", status: "Status" },
    event: archiving ? "product.archived" : "product.updated",
    payload: (_before, after) => ({ title: after.title }),
    notFoundMessage: "That product is not in this store.",
  });
}
