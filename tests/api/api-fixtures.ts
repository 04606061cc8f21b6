import { eq } from "drizzle-orm";
import type { ApiScope } from "@/db/schema";
import { memberships, stores, users } from "@/db/schema";
import type { ApiKeyReads } from "@/lib/activity/write/api-key-reads";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Access } from "@/lib/http/access";
import type { ApiCaller } from "@/lib/http/api/handle-api-request";
import { handleApiRequest } from "@/lib/http/api/handle-api-request";
import { createRateLimiter, type RateLimiter } from "@/lib/http/rate-limit";
import type { JobSender } from "@/lib/jobs/queue";
import type { Db } from "@/lib/platform/db/types";
import { unauthorized } from "@/lib/platform/errors";

export type Endpoint = (caller: ApiCaller, request: Request, params: { id: string }) => Promise<Response>;

/** A store of the seeded demo data, with its owner's and staff's ids. */
export async function demoStore(db: Db, slug: "demo" | "north") {
  const [store] = await db.select().from(stores).where(eq(stores.slug, slug));
  const members = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.storeId, store!.id));
  return { store: store!, members };
}

export async function keyFor(
  db: Db,
  storeId: string,
  ownerId: string,
  scopes: ApiScope[],
  name = "Test key",
) {
  const { key } = await createApiKey(
    db,
    { storeId, actor: { type: "user", id: ownerId, label: "Owner" }, source: "admin" },
    { name, scopes },
  );
  return key;
}

/** For callers that never start a job (the REST API): any attempt to enqueue fails loudly. */
const noQueue: JobSender = {
  send: async () => {
    throw new Error("This test has no job queue.");
  },
  wake: () => {},
};

/** A signed-in person as `resolveAccess` would give them (the database is the real one). */
export function sessionOf(
  db: Db,
  store: { id: string; slug: string; name: string; currency: string; timeZone: string },
  user: { id: string; name: string; email: string; role: "owner" | "manager" | "staff" },
  jobs: JobSender = noQueue,
): () => Promise<Access> {
  const summary = {
    storeId: store.id,
    slug: store.slug,
    name: store.name,
    currency: store.currency,
    timeZone: store.timeZone,
    role: user.role,
  };
  return async () => ({
    db,
    jobs,
    demo: null,
    user: { id: user.id, name: user.name, email: user.email },
    store: summary as Access["store"],
    role: user.role,
    memberships: [summary as Access["store"]],
    activity: { storeId: store.id, actor: { type: "user", id: user.id, label: user.name }, source: "admin" },
  });
}

const unlimited = createRateLimiter({ name: "unlimited", points: 1_000_000_000, durationSeconds: 60 });

export const noSession = async (): Promise<Access> => {
  throw unauthorized();
};

/** Calls an endpoint the way its route does: authentication, scope, rate limit, errors. */
export async function callApi(
  db: Db,
  endpoint: Endpoint,
  scope: ApiScope,
  options: {
    method?: string;
    path?: string;
    key?: string | null;
    authorization?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    params?: { id: string };
    session?: () => Promise<Access>;
    /** For property tests that make thousands of calls with one key. */
    unlimited?: boolean;
    /** The failed-authentication limit per address (none unless a test is about it). */
    authFailures?: RateLimiter;
    /** Where keys' reads are counted (the process's tally unless given). */
    reads?: ApiKeyReads;
  } = {},
) {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  if (options.authorization !== undefined) headers.set("authorization", options.authorization);
  // A signed-in person calls from the app's own pages: the browser says so in Origin.
  if (options.session && !headers.has("origin")) headers.set("origin", "http://localhost");
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`http://localhost${options.path ?? "/api/v1/activity"}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const response = await handleApiRequest(
    request,
    scope,
    {
      db,
      session: options.session ?? noSession,
      limiter: options.unlimited ? unlimited : undefined,
      authFailures: options.authFailures ?? unlimited,
      reads: options.reads,
    },
    (caller) => endpoint(caller, request, options.params ?? { id: "" }),
  );
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}
