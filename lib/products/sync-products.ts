import { and, eq } from "drizzle-orm";
import { products, productVariants, stores, syncRuns } from "@/db/schema";
import { type ActivityContext, logEvent } from "@/lib/activity";
import type { JobData } from "@/lib/jobs/definitions";
import { type JobContext, PermanentJobError } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { describeFailure } from "@/lib/platform/describe-failure";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import type { PrintifyProduct } from "@/lib/providers/printify/types";

const PAGE_SIZE = 50;
type Outcome = "created" | "updated" | "unchanged";

/**
 * Job `sync-products`: pages through the provider's products and upserts them (by provider
 * product id; variants by SKU). The run's counters are saved after every page, so the admin
 * shows progress while it runs. Logs `sync.started`, then `sync.completed` with the counts or
 * `sync.failed` with the reason.
 */
export async function syncProducts(data: JobData<"sync-products">, job: JobContext) {
  const activity: ActivityContext = {
    storeId: data.storeId,
    actor: { type: "worker", label: "Product sync worker" },
    source: "worker",
    correlationId: data.correlationId ?? data.syncRunId,
  };
  const entity = { type: "sync", id: data.syncRunId };
  const started = Date.now();
  const [store] = await job.db
    .select({ shopId: stores.printifyShopId })
    .from(stores)
    .where(eq(stores.id, data.storeId));
  if (!store) throw new PermanentJobError("store not found");
  await logEvent(
    job.db,
    activity,
    "sync.started",
    { provider: "Printify" },
    { entity, dedupeKey: `sync:${data.syncRunId}:started` },
  );

  const counts = { created: 0, updated: 0, unchanged: 0 };
  try {
    if (!store.shopId) throw new Error("no Printify shop is connected to this store");
    const client = getPrintifyClient(job.config);
    let page = 1;
    let processed = 0;
    for (;;) {
      const result = await client.listProducts(store.shopId, { page, limit: PAGE_SIZE });
      await job.db.transaction(async (tx) => {
        for (const product of result.data) counts[await upsertProduct(tx, data.storeId, product)]++;
      });
      processed += result.data.length;
      const total = result.last_page <= page ? processed : Math.max(processed, result.last_page * PAGE_SIZE);
      await job.db
        .update(syncRuns)
        .set({ processed, total, ...counts })
        .where(and(eq(syncRuns.id, data.syncRunId), eq(syncRuns.storeId, data.storeId)));
      if (page >= result.last_page || result.data.length === 0) break;
      page++;
    }
    await job.db.transaction(async (tx) => {
      await tx
        .update(syncRuns)
        .set({ status: "completed", finishedAt: new Date(), ...counts })
        .where(and(eq(syncRuns.id, data.syncRunId), eq(syncRuns.storeId, data.storeId)));
      await logEvent(
        tx,
        activity,
        "sync.completed",
        { provider: "Printify", ...counts, durationMs: Date.now() - started },
        { entity, dedupeKey: `sync:${data.syncRunId}:completed` },
      );
    });
    return counts;
  } catch (error) {
    const reason = describeFailure(error);
    await job.db
      .update(syncRuns)
      .set({ status: "failed", error: reason, finishedAt: new Date(), ...counts })
      .where(and(eq(syncRuns.id, data.syncRunId), eq(syncRuns.storeId, data.storeId)));
    await logEvent(
      job.db,
      activity,
      "sync.failed",
      { provider: "Printify", reason },
      { entity, dedupeKey: `sync:${data.syncRunId}:failed` },
    );
    throw new PermanentJobError(reason);
  }
}

async function upsertProduct(tx: Db, storeId: string, remote: PrintifyProduct): Promise<Outcome> {
  const status = remote.visible === false ? ("draft" as const) : ("active" as const);
  const description = remote.description ?? "";
  const [existing] = await tx
    .select()
    .from(products)
    .where(and(eq(products.storeId, storeId), eq(products.providerProductId, remote.id)))
    .limit(1);
  let productId: string;
  let outcome: Outcome;
  if (!existing) {
    const [row] = await tx
      .insert(products)
      .values({ storeId, providerProductId: remote.id, title: remote.title, description, status })
      .returning({ id: products.id });
    productId = row!.id;
    outcome = "created";
  } else {
    productId = existing.id;
    const changed =
      existing.title !== remote.title ||
      existing.description !== description ||
      (existing.status !== "archived" && existing.status !== status);
    if (changed)
      await tx
        .update(products)
        .set({
          title: remote.title,
          description,
          status: existing.status === "archived" ? "archived" : status,
          updatedAt: new Date(),
        })
        .where(and(eq(products.id, existing.id), eq(products.storeId, storeId)));
    outcome = changed ? "updated" : "unchanged";
  }
  const variants = await tx.select().from(productVariants).where(eq(productVariants.productId, productId));
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  for (const variant of remote.variants) {
    if (!variant.sku || variant.is_enabled === false) continue;
    const inStock = variant.is_available !== false;
    const known = bySku.get(variant.sku);
    if (!known) {
      await tx
        .insert(productVariants)
        .values({
          storeId,
          productId,
          providerVariantId: String(variant.id),
          title: variant.title,
          sku: variant.sku,
          priceAmount: variant.price,
          inStock,
        })
        .onConflictDoNothing();
      if (outcome === "unchanged") outcome = "updated";
    } else if (
      known.title !== variant.title ||
      known.priceAmount !== variant.price ||
      known.inStock !== inStock
    ) {
      await tx
        .update(productVariants)
        .set({
          title: variant.title,
          priceAmount: variant.price,
          inStock,
          providerVariantId: String(variant.id),
        })
        .where(and(eq(productVariants.id, known.id), eq(productVariants.storeId, storeId)));
      if (outcome === "unchanged") outcome = "updated";
    }
  }
  return outcome;
}
