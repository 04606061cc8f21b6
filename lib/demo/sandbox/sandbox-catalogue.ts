import { makeProducts } from "@/lib/demo/seed/catalogue";
import { planDemoData } from "@/lib/demo/seed/plan-demo";
import { Rng } from "@/lib/demo/seed/prng";
import type { ProductPlan, Shop } from "@/lib/demo/seed/shop";
import { printifyTime } from "./sandbox-http";

export type SandboxVariant = {
  id: number;
  sku: string;
  cost: number;
  price: number;
  title: string;
  grams: number;
  is_enabled: boolean;
  is_default: boolean;
  is_available: boolean;
  options: number[];
};

export type SandboxProduct = {
  id: string;
  title: string;
  description: string;
  tags: string[];
  variants: SandboxVariant[];
  images: never[];
  created_at: string;
  updated_at: string;
  visible: boolean;
  is_locked: boolean;
  blueprint_id: number;
  print_provider_id: number;
  shop_id: string;
};

/** The seed's "now" does not change ids, SKUs or prices; only timestamps, which we pin. */
const CATALOGUE_DATE = new Date("2025-01-06T09:00:00Z");
const EXTRA_DESIGNS = {
  demo: ["Harbour Lights", "Sunday Crossword", "Urban Foxes"],
  north: ["Burren Stone", "Galway Hooker", "Samphire Coast"],
} as const;
/** The product (by index) whose title and first price Printify shows changed since the seed. */
const CHANGED_INDEX = 3;

let cached: { demo: SandboxProduct[]; north: SandboxProduct[] } | undefined;

/**
 * The sandbox's Printify catalogue for a shop, derived from the demo seed so that a sync of
 * the demo shop ("demo-shop-1"; "north-shop-1" for North Tees Co; any other shop gets the
 * demo's) finds the seeded products unchanged, one product with a new title and price, and
 * three products it has not seen. Deterministic: same ids, SKUs and prices on every run.
 * Products the seed marks draft or archived are `visible: false`.
 */
export function sandboxCatalogue(shopId: string): SandboxProduct[] {
  cached ??= buildCatalogues();
  return shopId === "north-shop-1" ? cached.north : cached.demo;
}

function buildCatalogues() {
  const { demo, north } = planDemoData(CATALOGUE_DATE);
  return {
    demo: buildCatalogue(demo, EXTRA_DESIGNS.demo, 0xca7a),
    north: buildCatalogue(north, EXTRA_DESIGNS.north, 0xca7b),
  };
}

function buildCatalogue(shop: Shop, extras: readonly string[], seed: number): SandboxProduct[] {
  const designs = shop.products.map((p) => p.design);
  // Same blueprint cycle and SKU numbering as the seed, continued past its last product.
  const newProducts = makeProducts({ ...shop, rng: new Rng(seed) }, [...designs, ...extras], CATALOGUE_DATE)
    .slice(designs.length)
    .map((plan) => toPrintify(shop, plan, true));
  const existing = shop.products.map((plan, index) => {
    const product = toPrintify(shop, plan, false);
    if (index !== CHANGED_INDEX) return product;
    const [first, ...rest] = product.variants;
    return {
      ...product,
      title: `${product.title} (Limited Edition)`,
      variants: first ? [{ ...first, price: first.price + 300 }, ...rest] : rest,
    };
  });
  return [...newProducts.reverse(), ...existing];
}

function toPrintify(shop: Shop, plan: ProductPlan, isNew: boolean): SandboxProduct {
  const { row, variants, kind } = plan;
  const at = printifyTime(isNew ? CATALOGUE_DATE : (row.createdAt as Date));
  return {
    id: row.providerProductId!,
    title: row.title,
    description: row.description ?? "",
    tags: [kind.noun, plan.design],
    variants: variants.map((variant, index) => ({
      id: Number(variant.providerVariantId),
      sku: variant.sku!,
      cost: Math.round(variant.priceAmount * 0.45),
      price: variant.priceAmount,
      title: variant.title,
      grams: kind.key === "mug" ? 350 : 200,
      is_enabled: true,
      is_default: index === 0,
      is_available: variant.inStock !== false,
      options: [],
    })),
    images: [],
    created_at: at,
    updated_at: printifyTime(isNew ? CATALOGUE_DATE : (row.updatedAt as Date)),
    visible: isNew || row.status === "active",
    is_locked: false,
    blueprint_id: 6 + kind.code.charCodeAt(0),
    print_provider_id: 29,
    shop_id: shop.printifyShopId,
  };
}

/** Index of a catalogue by SKU and by (product id, variant id), for pricing submitted orders. */
export function findVariant(
  shopId: string,
  item: { sku?: string; product_id?: string; variant_id?: number },
): { product: SandboxProduct; variant: SandboxVariant } | null {
  for (const product of sandboxCatalogue(shopId)) {
    for (const variant of product.variants) {
      if (
        item.sku ? variant.sku === item.sku : product.id === item.product_id && variant.id === item.variant_id
      ) {
        return { product, variant };
      }
    }
  }
  return null;
}
