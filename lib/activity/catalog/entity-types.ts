/** What a catalog event can be about: the `entity_type` it is written with. */
export const entityTypes = [
  "order",
  "product",
  "sync",
  "cart",
  "user",
  "store",
  "webhook",
  "member",
  "job",
] as const;
export type EntityType = (typeof entityTypes)[number];
