import { randomBytes } from "node:crypto";
import net from "node:net";
import { asc, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import { type ActivityRow, activityLog, stores } from "@/db/schema";
import type { ActivityContext } from "@/lib/activity";
import { openEmbeddedDatabase } from "@/lib/platform/db/open-embedded";
import { openServerDatabase } from "@/lib/platform/db/open-server";
import type { DatabaseHandle, Db } from "@/lib/platform/db/types";
import { AppError } from "@/lib/platform/errors";

/** A new store with a unique slug, so every test owns its rows. */
export async function createStore(db: Db, name = "Test store"): Promise<string> {
  const slug = `t-${randomBytes(6).toString("hex")}`;
  const [row] = await db.insert(stores).values({ slug, name }).returning({ id: stores.id });
  return row!.id;
}

export function systemContext(storeId: string, overrides: Partial<ActivityContext> = {}): ActivityContext {
  return { storeId, actor: { type: "system", label: "Storyline" }, source: "system", ...overrides };
}

export function staffContext(storeId: string, userId: string, label = "Ana"): ActivityContext {
  return { storeId, actor: { type: "user", id: userId, label }, source: "admin" };
}

/** Every row of a store, oldest first (ties by id). */
export function rowsOfStore(db: Db, storeId: string): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activityLog)
    .where(eq(activityLog.storeId, storeId))
    .orderBy(asc(activityLog.occurredAt), asc(activityLog.id));
}

export async function rowById(db: Db, id: string): Promise<ActivityRow | undefined> {
  const [row] = await db.select().from(activityLog).where(eq(activityLog.id, id));
  return row;
}

/** How many rows carry each of `ids` (a replay that doubled a row would show up here). */
export async function countByIds(db: Db, ids: string[]): Promise<Map<string, number>> {
  const counts = new Map(ids.map((id) => [id, 0]));
  if (!ids.length) return counts;
  const rows = await db.select({ id: activityLog.id }).from(activityLog).where(inArray(activityLog.id, ids));
  for (const { id } of rows) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Asserts that a promise rejects with an `AppError` of the given status (and code, if given). */
export async function expectAppError(promise: Promise<unknown>, status = 400, code?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  if (code) expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** A port on which nothing listens. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A database handle whose database is gone, for the mode under test: an in-memory PGlite that
 * was closed, or a postgres.js pool pointed at a port where nothing listens.
 */
export async function openUnreachableDatabase(serverUrl: string | null): Promise<DatabaseHandle> {
  if (serverUrl) {
    const url = new URL(serverUrl);
    url.port = String(await freePort());
    return openServerDatabase(url.toString(), { poolMax: 1 });
  }
  const handle = await openEmbeddedDatabase(null);
  await handle.close();
  return handle;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
