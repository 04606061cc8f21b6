import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/page-header";
import { ProductEdit } from "@/components/product-edit";
import { ProductSync } from "@/components/product-sync";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { getLatestSyncRun } from "@/lib/products/get-latest-sync-run";
import { listProducts } from "@/lib/products/list-products";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  const { db, store } = await requirePageAccess("store:read", "/admin/products");
  const [products, lastSync] = await Promise.all([
    listProducts(db, store.storeId),
    getLatestSyncRun(db, store.storeId),
  ]);
  const canEdit = can(store.role, "products:write");
  return (
    <>
      <PageHeader title="Products" description={`${products.length} products synced from Printify.`}>
        <ProductSync
          initial={
            lastSync
              ? (JSON.parse(JSON.stringify(lastSync)) as Parameters<typeof ProductSync>[0]["initial"])
              : null
          }
          canSync={can(store.role, "products:write")}
        />
      </PageHeader>
      <Card>
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {products.map((p) => (
            <li
              key={p.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3"
              data-product-id={p.id}
            >
              <span className="min-w-0 basis-full font-medium break-words sm:basis-auto sm:flex-1 sm:font-normal">
                {p.title}
              </span>
              <span className="flex-1 text-zinc-500 sm:flex-none">
                {p.variants} variants · {p.status}
              </span>
              {canEdit ? <ProductEdit product={p} /> : null}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
