import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";

const productGroup = defineFeedGroup({ key: "product", label: "Products", allLabel: "All product events" });

const product = z.object({ title: z.string().min(1) });

/** Staff changes to the products. */
export const productEvents = {
  "product.created": defineEvent({
    label: "Product created",
    level: "info",
    entity: "product",
    feedGroup: productGroup,
    payload: product,
    message: (p, c) => `${c.actorLabel} created the product “${p.title}”`,
  }),
  "product.updated": defineEvent({
    label: "Product updated",
    level: "info",
    entity: "product",
    feedGroup: productGroup,
    payload: product,
    message: (p, c) => `${c.actorLabel} updated the product “${p.title}”`,
  }),
  "product.archived": defineEvent({
    label: "Product archived",
    level: "info",
    entity: "product",
    feedGroup: productGroup,
    payload: product,
    message: (p, c) => `${c.actorLabel} archived the product “${p.title}”`,
  }),
} as const;
