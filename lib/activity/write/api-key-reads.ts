import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/platform/db/types";
import { processSingleton } from "@/lib/platform/process-singleton";
import { logEvent } from "./log-event";

const HOUR_MS = 60 * 60 * 1000;

export type ReadingKey = { storeId: string; keyId: string; keyName: string };

type Tally = ReadingKey & { hourStart: number; requests: number; rows: number };

/**
 * API keys' reads, counted in memory per key per hour and written as one `activity.api_reads`
 * event per key per hour once the hour has closed: no row per request, and nothing on the
 * request's path but an addition. Each process counts its own requests and writes its own
 * events (the dedupe key names the process), so with several app processes an hour of one
 * key may have one event per process; the counts of a process that dies unannounced (not on
 * SIGTERM, which writes them) are lost.
 */
export class ApiKeyReads {
  readonly #tallies = new Map<string, Tally>();
  readonly #process = randomBytes(4).toString("hex");

  /** One read request by `key` that returned `rows` events. */
  add(key: ReadingKey, rows: number, at = Date.now()): void {
    const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
    const id = `${key.keyId}:${hourStart}`;
    const tally = this.#tallies.get(id) ?? { ...key, hourStart, requests: 0, rows: 0 };
    tally.keyName = key.keyName;
    tally.requests++;
    tally.rows += Math.max(0, rows);
    this.#tallies.set(id, tally);
  }

  /** The hours counted and not yet written. */
  get pending(): number {
    return this.#tallies.size;
  }

  /**
   * Writes the hours that closed before `now` (every hour, the current one too, with
   * `{ all: true }`: at shutdown). Returns how many events it wrote.
   */
  async flush(db: Db, options: { now?: number; all?: boolean } = {}): Promise<number> {
    const currentHour = Math.floor((options.now ?? Date.now()) / HOUR_MS) * HOUR_MS;
    const due = [...this.#tallies.entries()].filter(([, t]) => options.all || t.hourStart < currentHour);
    for (const [id] of due) this.#tallies.delete(id);
    await Promise.all(
      due.map(([, t]) =>
        logEvent(
          db,
          // Storyline's own record of the key's reads (the key wrote nothing): a system event.
          { storeId: t.storeId, actor: { type: "system", label: "API usage" }, source: "system" },
          "activity.api_reads",
          {
            keyId: t.keyId,
            keyName: t.keyName,
            hourStart: new Date(t.hourStart).toISOString(),
            requests: t.requests,
            rows: t.rows,
          },
          {
            entity: { type: "store", id: t.storeId },
            occurredAt: new Date(Math.min(t.hourStart + HOUR_MS, options.now ?? Date.now())),
            dedupeKey: `api-reads:${t.keyId}:${new Date(t.hourStart).toISOString()}:${this.#process}`,
          },
        ),
      ),
    );
    return due.length;
  }
}

/** This process's tally of API key reads. */
export function apiKeyReads(): ApiKeyReads {
  return processSingleton("api-key-reads", () => new ApiKeyReads());
}

const flushTimer = () =>
  processSingleton("api-key-reads-timer", () => ({ timer: null as NodeJS.Timeout | null }));

/** Writes each closed hour within a minute of its end; returns the stop function. */
export function startApiKeyReadsFlusher(db: Db, everyMs = 60_000): () => void {
  stopApiKeyReadsFlusher();
  const holder = flushTimer();
  holder.timer = setInterval(() => {
    apiKeyReads()
      .flush(db)
      .catch((error: unknown) => console.error("[activity] could not write API key reads:", error));
  }, everyMs);
  holder.timer.unref();
  return stopApiKeyReadsFlusher;
}

export function stopApiKeyReadsFlusher(): void {
  const holder = flushTimer();
  if (holder.timer) clearInterval(holder.timer);
  holder.timer = null;
}
