import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "@/db/schema";

export type Schema = typeof schema;

/**
 * The database *or* a transaction, for either driver (PGlite or postgres.js). Every data
 * function takes one as its first argument so that its writes can join the caller's transaction.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = "embedded" | "server";

/** An open database: the Drizzle handle plus what only the driver can do. */
export type DatabaseHandle = {
  kind: DatabaseKind;
  db: Db;
  /** Applies the committed migrations in db/migrations. */
  migrate(): Promise<void>;
  /** Runs raw SQL (one or several statements) and returns the rows of the last one. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * LISTENs on a channel while the handle is open (PGlite: in this process; a server: on a
   * connection of its own, reopened when it drops). Resolves once listening, or once a first
   * attempt has failed and retries have been scheduled; never rejects.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<StopListening>;
  close(): Promise<void>;
};

export type ListenHandlers = {
  onNotify(payload: string): void;
  /** The LISTEN is in place (each time it is, after a start or a reconnect). */
  onListening?(): void;
  /** Listening again after a lost connection: notifications sent in between were lost. */
  onGap?(): void;
  onError?(error: unknown): void;
};

export type StopListening = () => Promise<void>;
