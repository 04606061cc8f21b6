export type PrintifyErrorCode =
  | "timeout"
  | "network"
  | "unavailable"
  | "rate_limited"
  | "out_of_stock"
  | "invalid_request"
  | "not_found"
  | "unauthorized"
  | "unexpected_response";

/**
 * A failed Printify call. `retryable` is true only when trying the same call again can help
 * (timeouts, network failures, 5xx, 429); a rejected order (out of stock, bad input, bad token)
 * is not retried. `message` is a short human reason, fit for an activity-log message.
 */
export class PrintifyError extends Error {
  constructor(
    readonly code: PrintifyErrorCode,
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "PrintifyError";
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** The error for a fetch that threw before a response arrived (or while reading its body). */
export function printifyErrorFromFailure(error: unknown, timeoutMs: number): PrintifyError {
  if (error instanceof PrintifyError) return error;
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new PrintifyError("timeout", `Printify timed out after ${formatDuration(timeoutMs)}`, null, true);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const detail =
    (cause as { code?: unknown })?.code ?? (cause instanceof Error ? cause.message : String(cause));
  return new PrintifyError("network", `Could not reach Printify (${String(detail)})`, null, true);
}

/** Printify's own reason, from bodies like `{ message, errors: { reason } }`. */
function reasonOf(body: unknown): string | null {
  if (!body || typeof body !== "object") return typeof body === "string" && body ? body : null;
  const { message, errors, error } = body as { message?: unknown; errors?: unknown; error?: unknown };
  const reason = errors && typeof errors === "object" ? (errors as { reason?: unknown }).reason : undefined;
  for (const candidate of [reason, error, message]) {
    if (typeof candidate === "string" && candidate.trim()) return candidate.trim();
  }
  return null;
}

function truncate(value: string, max = 160): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The error for a non-2xx answer; `body` is the parsed JSON (or the raw text). */
export function printifyErrorFromResponse(status: number, body: unknown): PrintifyError {
  if (status === 429) {
    return new PrintifyError("rate_limited", "Printify rate limit exceeded (429)", status, true);
  }
  if (status >= 500) {
    return new PrintifyError("unavailable", `Printify is unavailable (${status})`, status, true);
  }
  if (status === 401 || status === 403) {
    return new PrintifyError("unauthorized", `Printify rejected the API token (${status})`, status, false);
  }
  if (status === 404) {
    return new PrintifyError("not_found", "Printify has no such order or shop (404)", status, false);
  }
  const reason = reasonOf(body);
  const everything = typeof body === "string" ? body : JSON.stringify(body ?? "");
  if (/out of stock|out-of-stock/i.test(everything)) {
    const sku = /variant\s+(\S+)\s+is\s+out\s+of\s+stock/i.exec(everything)?.[1];
    const message = sku ? `variant out of stock: ${sku}` : truncate(reason ?? "a variant is out of stock");
    return new PrintifyError("out_of_stock", message, status, false);
  }
  const detail = reason ? `: ${truncate(reason)}` : "";
  return new PrintifyError(
    "invalid_request",
    `Printify rejected the request (${status})${detail}`,
    status,
    false,
  );
}
