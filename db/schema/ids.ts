import { uuid } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

/**
 * Primary keys are UUIDv7, generated in the app: time-ordered ids keep B-tree inserts on the
 * right edge (random v4 keys are what make audit triggers slow) and break ties in `occurred_at`
 * stably. PostgreSQL 15 has no `uuidv7()`, so the database never generates them.
 */
export const id = () =>
  uuid("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());

/**
 * The id of a row of a store's data whose primary key is `(store_id, id)`: every key of a
 * store's table leads with `store_id`, so the table can be distributed by store (Citus).
 */
export const storeRowId = () =>
  uuid("id")
    .notNull()
    .$defaultFn(() => uuidv7());

export { uuidv7 };
