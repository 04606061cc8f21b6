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
