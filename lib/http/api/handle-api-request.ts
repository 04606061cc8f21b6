import { z } from "zod";
import type { ApiScope } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { type ApiKeyReads, apiKeyReads, type ReadingKey } from "@/lib/activity/write/api-key-reads";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import type { Access } from "@/lib/http/access";
import { appErrorResponse, databaseUnavailableResponse, errorResponse } from "@/lib/http/error-response";
import { perMinuteLimiter, type RateLimiter } from "@/lib/http/rate-limit";
import { requestInfo } from "@/lib/http/request-info";
import { refuseCrossOrigin } from "@/lib/http/same-origin";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import type { Db } from "@/lib/platform/db/types";
import { AppError, forbidden } from "@/lib/platform/errors";

/** Who is calling the API: a key of one store, or a signed-in owner/manager in their current store. */
export type ApiCaller = {
  db: Db;
  storeId: string;
  scopes: readonly ApiScope[];
  /** For events this call writes. */
  activity: ActivityContext;
  /** The namespace of the dedupe keys this caller sends: its own, so it can never claim a system key. */
  dedupeNamespace: string;
  /** Who resolves events through this call: a user id, or null (a key) with a note naming the key. */
  resolver: { userId: string | null; label: string };
  /** Counts the events this call returns, for the key's hourly `activity.api_reads` record. */
  countRows: (rows: number) => void;
};

export type ApiDeps = {
  db: Db;
  /** The signed-in person, when the request carries no API key (throws 401/403). */
  session: () => Promise<Access>;
  /** Requests per caller per minute; the app's limit shared by every process unless given. */
  limiter?: RateLimiter;
  /** Failed key authentications per client address per minute; the app's limit shared by every process unless given. */
  authFailures?: RateLimiter;
  /** Where a key's reads are counted; the process's tally unless given. */
  reads?: ApiKeyReads;
};

const sharedLimiter = (db: Db) => perMinuteLimiter(db, "api", "API_RATE_LIMIT_PER_MINUTE", 120);

/** Wrong or revoked keys, per client address: guessing keys is slowed to a crawl. */
const sharedAuthFailures = (db: Db) =>
  perMinuteLimiter(db, "api-auth-failures", "API_AUTH_FAILURES_PER_MINUTE", 10);

const tooManyFailures = (limiter: RateLimiter, retryAfterSeconds: number) =>
  errorResponse(
    429,
    "too_many_failed_attempts",
    `Too many requests with a wrong API key from this address: at most ${limiter.limit} a minute. Check the key, then try again in ${retryAfterSeconds} s.`,
    { "retry-after": String(retryAfterSeconds) },
  );

/**
 * Every `/api/v1` request: authenticate (an `Authorization: Bearer` key, else the session),
 * check the scope, apply the per-caller rate limit, run the handler, and turn every failure
 * into a JSON error — a 4xx for anything the caller can fix; 503 with `Retry-After` when the
 * database is down or hung (within its budget, never a hang); a 500 only for our own faults.
 */
export async function handleApiRequest(
  request: Request,
  scope: ApiScope,
  deps: ApiDeps,
  handler: (caller: ApiCaller) => Promise<Response>,
): Promise<Response> {
  let caller: ApiCaller;
  let rateKey: string;
  let reader: ReadingKey | null = null;
  let rowsRead = 0;
  const countRows = (rows: number) => {
    rowsRead += rows;
  };
  try {
    const authorization = request.headers.get("authorization");
    if (authorization !== null) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match)
        return errorResponse(401, "unauthorized", "Use the header `Authorization: Bearer <API key>`.");
      const failures = deps.authFailures ?? sharedAuthFailures(deps.db);
      const address = requestInfo(request.headers).ip ?? "unknown";
      const blocked = await failures.spent(address);
      if (!blocked.ok) return tooManyFailures(failures, blocked.retryAfterSeconds);
      const key = await authenticateApiKey(deps.db, match[1]!).catch(async (error: unknown) => {
        if (error instanceof AppError && error.status === 401) {
          const counted = await failures.consume(address);
          if (!counted.ok) return tooManyFailures(failures, counted.retryAfterSeconds);
        }
        throw error;
      });
      if (key instanceof Response) return key;
      if (!key.scopes.includes(scope))
        throw new AppError("insufficient_scope", `This API key lacks the ${scope} scope.`, 403);
      const info = requestInfo(request.headers);
      caller = {
        db: deps.db,
        storeId: key.storeId,
        scopes: key.scopes,
        activity: {
          storeId: key.storeId,
          actor: { type: "integration", id: key.id, label: key.name },
          source: "api",
          ip: info.ip,
          userAgent: info.userAgent,
        },
        dedupeNamespace: `api:key:${key.id}`,
        resolver: { userId: null, label: `API key “${key.name}”` },
        countRows,
      };
      rateKey = `key:${key.id}`;
      if (scope === "activity:read") reader = { storeId: key.storeId, keyId: key.id, keyName: key.name };
    } else {
      const refused = refuseCrossOrigin(request);
      if (refused) return refused;
      const access = await deps.session();
      if (access.role === "staff") throw forbidden("Only owners and managers can use the activity API.");
      caller = {
        db: access.db,
        storeId: access.store.storeId,
        scopes: ["activity:read", "activity:write"],
        activity: { ...access.activity, source: "api" },
        dedupeNamespace: `api:user:${access.user.id}`,
        resolver: { userId: access.user.id, label: access.user.name },
        countRows,
      };
      rateKey = `user:${access.user.id}`;
    }
  } catch (error) {
    return toErrorResponse(error);
  }
  const limiter = deps.limiter ?? sharedLimiter(deps.db);
  const limit = await limiter.consume(rateKey);
  if (!limit.ok)
    return errorResponse(
      429,
      "rate_limited",
      `Too many requests: at most ${limiter.limit} a minute. Try again shortly.`,
      {
        "retry-after": String(limit.retryAfterSeconds),
        "x-ratelimit-limit": String(limiter.limit),
        "x-ratelimit-remaining": "0",
      },
    );
  let response: Response;
  try {
    response = await handler(caller);
  } catch (error) {
    response = toErrorResponse(error);
  }
  // A key's reads are counted per hour, never written per request (see ApiKeyReads).
  if (reader) (deps.reads ?? apiKeyReads()).add(reader, rowsRead);
  response.headers.set("x-ratelimit-limit", String(limiter.limit));
  response.headers.set("x-ratelimit-remaining", String(limit.remaining));
  response.headers.set("cache-control", "no-store");
  return response;
}

function toErrorResponse(error: unknown): Response {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    console.warn(`[api] ${unavailable.message}`);
    return databaseUnavailableResponse();
  }
  if (error instanceof AppError) return appErrorResponse(error);
  if (error instanceof z.ZodError)
    return errorResponse(
      400,
      "invalid_request",
      error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  console.error("[api] unexpected error:", error);
  return errorResponse(500, "internal", "Something went wrong on our side. Please try again.");
}

/** The JSON body of a request, at most `maxBytes`, or a 400/413/415 AppError. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new AppError("unsupported_media_type", "Send the body as application/json.", 415);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new AppError("invalid_json", "The request body is empty.", 400);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.", 400);
  }
}

const tooLarge = (maxBytes: number) =>
  new AppError(
    "payload_too_large",
    `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`,
    413,
  );
