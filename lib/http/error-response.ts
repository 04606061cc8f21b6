import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/platform/database-unavailable";
import type { AppError } from "@/lib/platform/errors";

/**
 * The one JSON error body of every HTTP answer we build: `{ "error": { "code", "message" } }`,
 * with a stable machine code and a sentence a person can act on.
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers?: HeadersInit,
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** An `AppError` as its response: its status, code and message. */
export function appErrorResponse(error: AppError, headers?: HeadersInit): Response {
  return errorResponse(error.status, error.code, error.message, headers);
}

/**
 * 503 with `Retry-After`: the database is down, hung or still starting. Said as fast as the
 * database budget allows, so a client or a provider retries instead of waiting on us.
 */
export function databaseUnavailableResponse(
  message = "The database is unavailable right now. Try again in a few seconds.",
): Response {
  return errorResponse(503, "unavailable", message, { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) });
}
