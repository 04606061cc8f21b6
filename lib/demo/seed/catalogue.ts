import { uuidv7 } from "@/db/schema/ids";
import { productKinds } from "./fixtures";
import type { ProductPlan, Shop, VariantRow } from "./shop";

function code(text: string): string {
  if (text === "One size") return "OS";
  return text
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 3)
    .toUpperCase();
}

/** One product per design, cycling through the blueprints, each with its size × colour variants. */
export function makeProducts(shop: Shop, designs: readonly string[], syncedAt: Date): ProductPlan[] {
  const { rng, locale } = shop;
  return designs.map((design, index) => {
    const kind = productKinds[index % productKinds.length]!;
    const productId = uuidv7();
    const colours: (string | null)[] = kind.coloursPerProduct
      ? rng.sample(kind.colours, kind.coloursPerProduct)
      : [null];
    const number = String(index + 1).padStart(3, "0");
    const variants: VariantRow[] = [];
    for (const colour of colours) {
      for (const size of kind.sizes) {
        const title = colour ? (size.name === "One size" ? colour : `${colour} / ${size.name}`) : size.name;
        variants.push({
          id: uuidv7(),
          storeId: shop.storeId,
          productId,
          providerVariantId: String(rng.int(10_000, 99_999)),
          title,
          sku: [kind.code, number, colour ? code(colour) : null, code(size.name)].filter(Boolean).join("-"),
          priceAmount: locale.price(size.price),
          inStock: true,
        });
      }
    }
    return {
      kind,
      design,
      variants,
      row: {
        id: productId,
        storeId: shop.storeId,
        providerProductId: rng.hex(24),
        title: `${design} ${kind.noun}`,
        description: `Our “${design}” design on ${/^[aeiou]/i.test(kind.blueprint) ? "an" : "a"} ${kind.blueprint.toLowerCase()}. Printed to order by Printify and shipped in 3–5 working days.`,
        status: "active",
        createdAt: syncedAt,
        updatedAt: syncedAt,
      },
    };
  });
}
