import { cookies, headers } from "next/headers";
import { redirect, forbidden as renderForbidden } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { cache } from "react";
import type { Role } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import { chooseStore } from "@/lib/auth/check-store-access";
import type { MembershipSummary } from "@/lib/auth/list-memberships";
import type { Permission } from "@/lib/auth/permissions";
import type { JobSender } from "@/lib/jobs/queue";
import { asDatabaseUnavailable, DatabaseUnavailableError } from "@/lib/platform/database-unavailable";
import type { Db } from "@/lib/platform/db/types";
import { AppError, unauthorized } from "@/lib/platform/errors";
import { getRuntime, type Runtime } from "@/lib/runtime/runtime";
import { getAuthOptions } from "./auth/auth-options";
import { appErrorResponse, databaseUnavailableResponse } from "./error-response";
import { requestInfo } from "./request-info";
import { RETURN_TO_HEADER, returnPathOr } from "./return-path";

export const STORE_COOKIE = "storyline_store";

export type Access = {
  db: Db;
  /** The job queue, for verbs that start work in the background. */
  jobs: JobSender;
  /** The sandbox's simulations, when it is on. */
  demo: Runtime["demo"];
  user: { id: string; email: string; name: string };
  store: MembershipSummary;
  role: Role;
  memberships: MembershipSummary[];
  /** The activity context for events this person causes in this request. */
  activity: ActivityContext;
};

/**
 * The one access check. Every page, route handler and server action calls it (through
 * `requirePageAccess` or `requireApiAccess`): it reads the session, loads the user's
 * memberships from the database, picks the current store (the store cookie, else the first),
 * and checks the role's permission there. Throws AppError 401 / 403.
 */
export async function resolveAccess(permission: Permission | null): Promise<Access> {
  const { session, db, jobs, demo, wanted } = await loadSignedIn();
  // The session callback has just loaded the memberships from the database: use them.
  const store = chooseStore(session.memberships, wanted, permission);
  const memberships = session.memberships;
  const request = requestInfo(await headers());
  return {
    db,
    jobs,
    demo,
    user: session.user,
    store,
    role: store.role,
    memberships,
    activity: {
      storeId: store.storeId,
      actor: { type: "user", id: session.user.id, label: session.user.name || session.user.email },
      source: "admin",
      ip: request.ip,
      userAgent: request.userAgent,
    },
  };
}

/**
 * The session (with fresh memberships) and the store cookie, once per request: the admin
 * layout and the page it wraps both check access, and share this work.
 */
const loadSignedIn = cache(async () => {
  await connection(); // per request, never at build time
  const session = await getServerSession(await getAuthOptions());
  // The person is signed in, but their memberships could not be loaded: not a reason to sign them out.
  if (session?.databaseUnavailable) throw new DatabaseUnavailableError("loading your stores");
  if (!session?.user?.id) throw unauthorized();
  const { database, jobs, demo } = await getRuntime();
  const wanted = (await cookies()).get(STORE_COOKIE)?.value;
  return { session, db: database.db, jobs, demo, wanted };
});

/**
 * For pages: no session → the sign-in page, which comes back to the page asked for (its exact
 * path and query, from `proxy.ts`; else `returnTo`); no permission → the 403 page (a real 403).
 */
export async function requirePageAccess(permission: Permission | null, returnTo = "/admin"): Promise<Access> {
  try {
    return await resolveAccess(permission);
  } catch (error) {
    if (error instanceof AppError && error.status === 401) {
      const asked = (await headers()).get(RETURN_TO_HEADER);
      redirect(`/login?callbackUrl=${encodeURIComponent(returnPathOr(asked, returnPathOr(returnTo)))}`);
    }
    if (error instanceof AppError && error.status === 403) renderForbidden();
    // Carries a digest app/error.tsx knows, so the page says the database is the cause.
    throw asDatabaseUnavailable(error) ?? error;
  }
}

/** For route handlers: the access, or the JSON 401/403 response to return. */
export async function requireApiAccess(permission: Permission | null): Promise<Access | Response> {
  try {
    return await resolveAccess(permission);
  } catch (error) {
    if (asDatabaseUnavailable(error)) return databaseUnavailableResponse();
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
