import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

/**
 * The rate limits every app process shares (rate-limiter-flexible's PostgreSQL store): one row
 * per limited key (`<limit name>:<caller>`), its points spent in the window and when the window
 * ends (epoch milliseconds). Not store data: rows live a window long and are swept hourly.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: "number" }),
});
