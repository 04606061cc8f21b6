import { AppError } from "./errors";

/**
 * The digest a page error carries when the database is the cause: Next.js keeps an error's own
 * `digest` when it sends the error to the client, so `app/error.tsx` can say what happened.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "storyline:database-unavailable";

/** How long a client should wait before trying again (the `Retry-After` of every 503 for it). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database did not answer within its budget, refused the connection, or dropped it. The
 * edges answer 503 with `Retry-After`; a job retries. Nothing about the request was wrong.
 */
export class DatabaseUnavailableError extends AppError {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(
      "database_unavailable",
      `The database is unavailable (${reason}). Try again in a few seconds.`,
      503,
      true,
    );
    this.name = "DatabaseUnavailableError";
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** Node socket errors and postgres.js connection errors that mean "no database right now". */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/**
 * SQLSTATEs that mean the server cannot serve us now: class 08 (connection exception),
 * 53300 (too many connections), 57014 (statement timeout), 57P01–57P03 (shutting down,
 * restarting), 25P03 (idle-in-transaction timeout).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[123]|25P03)$/;

const TIMEOUT_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Query read timeout/i;

/**
 * The `DatabaseUnavailableError` that `error` (or any error in its `cause` chain — Drizzle
 * wraps driver errors) amounts to, or null when the database answered and something else failed.
 */
export function asDatabaseUnavailable(error: unknown): DatabaseUnavailableError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DatabaseUnavailableError) return current;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
      return new DatabaseUnavailableError(describeCode(code), { cause: error });
    if (TIMEOUT_MESSAGE.test(current.message))
      return new DatabaseUnavailableError("no answer in time", { cause: error });
    current = current.cause;
  }
  return null;
}

function describeCode(code: string): string {
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "no answer in time";
  if (code === "57014") return "a statement ran past its time limit";
  return code;
}
