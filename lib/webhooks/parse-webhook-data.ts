import type { z } from "zod";
import { WebhookRejection } from "./webhook-rejection";

/** Parses the part of a delivery a handler needs; missing or malformed fields reject it (400). */
export function parseWebhookData<S extends z.ZodType>(
  schema: S,
  data: unknown,
  eventId: string,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  throw new WebhookRejection("missing_fields", `Missing or malformed fields — ${issues}`, 400, eventId);
}
