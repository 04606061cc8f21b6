import type { ApiScope } from "@/db/schema";
import { resolveAccess } from "@/lib/http/access";
import { databaseUnavailableResponse } from "@/lib/http/error-response";
import { getRuntime } from "@/lib/runtime/runtime";
import { type ApiCaller, handleApiRequest } from "./handle-api-request";

type Endpoint<P> = (caller: ApiCaller, request: Request, params: P) => Promise<Response>;

/** A Next.js route handler for an `/api/v1` endpoint: the app's database and session. */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(
  scope: ApiScope,
  endpoint: Endpoint<P>,
) {
  return async (request: Request, context: { params: Promise<P> }) => {
    let db: Awaited<ReturnType<typeof getRuntime>>["database"]["db"];
    try {
      db = (await getRuntime()).database.db;
    } catch (error) {
      console.error("[api] database unavailable:", error);
      return databaseUnavailableResponse("The service is starting or unavailable. Try again shortly.");
    }
    const params = await context.params;
    return handleApiRequest(request, scope, { db, session: () => resolveAccess("store:read") }, (caller) =>
      endpoint(caller, request, params),
    );
  };
}
