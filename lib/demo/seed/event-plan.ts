import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { EventType, PayloadInput } from "@/lib/activity/catalog/catalog";
import type { ActivityContext } from "@/lib/activity/write/activity-context";
import type { LogOptions } from "@/lib/activity/write/build-row";
import { type LogResult, logEvent } from "@/lib/activity/write/log-event";
import { type Resolution, recordResolutions } from "@/lib/activity/write/record-resolutions";
import type { Db } from "@/lib/platform/db/types";

/** Someone on a shop's staff, as the seed makes them act (from their own browser). */
export type StaffMember = { id: string; name: string; email: string; ip: string; userAgent: string };

const STRIPE_IP = "198.51.100.10";
const STRIPE_UA = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
const PRINTIFY_IP = "198.51.100.20";
const PRINTIFY_UA = "Printify-Webhooks/1.0";

export type WorkerLabel =
  | "Order submission worker"
  | "Email worker"
  | "Product sync worker"
  | "Abandoned cart worker"
  | "Order intake worker"
  | "Reconciliation worker"
  | "Morning email worker";

/** The contexts each kind of caller builds in the real app. */
export const actors = {
  stripe: (storeId: string, eventId: string): ActivityContext => ({
    storeId,
    actor: { type: "integration", label: "Stripe" },
    source: "webhook",
    correlationId: eventId,
    ip: STRIPE_IP,
    userAgent: STRIPE_UA,
  }),
  printify: (storeId: string, eventId: string): ActivityContext => ({
    storeId,
    actor: { type: "integration", label: "Printify" },
    source: "webhook",
    correlationId: eventId,
    ip: PRINTIFY_IP,
    userAgent: PRINTIFY_UA,
  }),
  worker: (storeId: string, label: WorkerLabel, correlationId?: string | null): ActivityContext => ({
    storeId,
    actor: { type: "worker", label },
    source: "worker",
    correlationId: correlationId ?? null,
  }),
  staff: (storeId: string, member: StaffMember, correlationId?: string | null): ActivityContext => ({
    storeId,
    actor: { type: "user", id: member.id, label: member.name },
    source: "admin",
    ip: member.ip,
    userAgent: member.userAgent,
    correlationId: correlationId ?? null,
  }),
  /** A system component acting on its own (the watchdog). */
  system: (storeId: string, label: "Watchdog" | "Job queue" | "History check"): ActivityContext => ({
    storeId,
    actor: { type: "system", label },
    source: "system",
  }),
  /** A sign-in attempt: nobody is signed in yet. */
  signIn: (storeId: string, ip: string, userAgent: string): ActivityContext => ({
    storeId,
    actor: { type: "system", label: "Sign-in" },
    source: "admin",
    ip,
    userAgent,
  }),
};

type PlannedEvent = {
  storeId: string;
  type: EventType;
  occurredAt: Date;
  orderId: string | null;
  payload: unknown;
  /** Resolve this warning/error after writing it, with this note. */
  resolveNote: string | null;
  /** When it was resolved (minutes to hours after it happened, never in the future). */
  resolvedAt: Date | null;
  run: (db: Db) => Promise<LogResult>;
};

export type PlanOptions = LogOptions & {
  occurredAt: Date;
  /** A note to resolve the event with: by Storyline when it says "automatically", else by the owner. */
  resolve?: string;
  /** How long after the event it was resolved; a plausible delay by default. */
  resolveAfter?: number;
};

const MINUTE = 60_000;

/** A note Storyline itself writes when a later success supersedes a failure. */
export const isAutomaticNote = (note: string) => /\bautomatically\b/i.test(note);

/**
 * A plausible, repeatable delay before a resolution: Storyline resolves within minutes (the
 * next attempt), people within a quarter of an hour to most of a working day.
 */
function resolutionDelay(seed: number, automatic: boolean): number {
  const spread = Math.abs(Math.sin(seed) * 10_000) % 1;
  return automatic ? Math.round((0.5 + spread * 9.5) * MINUTE) : Math.round((15 + spread * 345) * MINUTE);
}

/**
 * The seed's activity history, collected first and written afterwards in parallel batches so
 * that `logEvent`'s group commit turns it into a handful of multi-row inserts.
 */
export class EventPlan {
  readonly items: PlannedEvent[] = [];

  constructor(readonly now: Date) {}

  add<T extends EventType>(
    activity: ActivityContext,
    type: T,
    payload: PayloadInput<T>,
    options: PlanOptions,
  ) {
    const { resolve, resolveAfter, ...logOptions } = options;
    if (options.occurredAt.getTime() > this.now.getTime())
      throw new Error(`seed bug: ${type} planned in the future (${options.occurredAt.toISOString()})`);
    this.items.push({
      storeId: activity.storeId,
      type,
      occurredAt: options.occurredAt,
      orderId: options.orderId ?? null,
      payload,
      resolveNote: resolve ?? null,
      resolvedAt: resolve
        ? new Date(
            Math.min(
              options.occurredAt.getTime() +
                (resolveAfter ??
                  resolutionDelay(
                    options.occurredAt.getTime() + this.items.length,
                    isAutomaticNote(resolve),
                  )),
              this.now.getTime() - MINUTE,
            ),
          )
        : null,
      run: (db) => logEvent(db, activity, type, payload, logOptions),
    });
  }

  /**
   * Writes every event through `logEvent`, then resolves the ones marked for it as `resolverOf`
   * the store. Throws when any event was not written: a broken seed must be loud.
   */
  async write(
    db: Db,
    resolverOf: (storeId: string) => string,
  ): Promise<{ written: number; resolved: number }> {
    // Oldest first, so ids (time-ordered) follow the story as well as `occurred_at` does.
    const items = [...this.items].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    // Inside a transaction each row takes its own savepoint, which must not interleave.
    const chunkSize = is(db, PgTransaction) ? 1 : 400;
    const results: LogResult[] = [];
    for (let i = 0; i < items.length; i += chunkSize) {
      results.push(...(await Promise.all(items.slice(i, i + chunkSize).map((item) => item.run(db)))));
    }

    const broken = results
      .map((result, i) => ({ result, item: items[i]! }))
      .filter(({ result }) => result.status !== "written" && result.status !== "duplicate");
    if (broken.length) {
      const sample = broken
        .slice(0, 5)
        .map(({ item, result }) => `${item.type} (${result.status})`)
        .join(", ");
      throw new Error(`seedDemoData: ${broken.length} activity event(s) were not written: ${sample}`);
    }

    const byStore = new Map<string, Resolution[]>();
    let wanted = 0;
    items.forEach((item, i) => {
      if (!item.resolveNote || !item.resolvedAt) return;
      const resolutions = byStore.get(item.storeId) ?? [];
      resolutions.push({
        id: results[i]!.id,
        at: item.resolvedAt,
        userId: isAutomaticNote(item.resolveNote) ? null : resolverOf(item.storeId),
        note: item.resolveNote,
      });
      byStore.set(item.storeId, resolutions);
      wanted++;
    });
    const outcomes = await Promise.all(
      [...byStore].map(([storeId, resolutions]) => recordResolutions(db, storeId, resolutions)),
    );
    const resolved = outcomes.reduce((sum, n) => sum + n, 0);
    if (resolved !== wanted)
      throw new Error(`seedDemoData: could not resolve ${wanted - resolved} of ${wanted} event(s)`);
    return { written: results.filter((r) => r.status === "written").length, resolved };
  }
}
