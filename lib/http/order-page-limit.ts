import { getRuntime } from "@/lib/runtime/runtime";
import { perMinuteLimiter, type RateLimitResult } from "./rate-limit";

/**
 * One request's worth of a client address's allowance for the customer's order pages (`/o/…`),
 * counted in the database so every app process shares it. While the app cannot reach its
 * database the page itself answers (with a friendly "unavailable"), so the request is let through.
 */
export async function consumeOrderPageAllowance(address: string): Promise<RateLimitResult> {
  let db: Awaited<ReturnType<typeof getRuntime>>["database"]["db"];
  try {
    db = (await getRuntime()).database.db;
  } catch {
    return { ok: true, remaining: 0 };
  }
  return perMinuteLimiter(db, "order-pages", "ORDER_PAGE_RATE_LIMIT_PER_MINUTE", 60).consume(address);
}
