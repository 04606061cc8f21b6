import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { sqlExecutor } from "@/lib/platform/db/sql-executor";
import type { Db } from "@/lib/platform/db/types";

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = {
  readonly limit: number;
  /** Takes one request's worth from `key`'s allowance; `ok: false` once the window is spent. */
  consume(key: string): Promise<RateLimitResult>;
  /** Whether `key` has spent its allowance in this window, without taking from it. */
  spent(key: string): Promise<RateLimitResult>;
};

type Limiter = RateLimiterMemory | RateLimiterPostgres;

export type RateLimiterOptions = {
  /** Names the limit's keys (`<name>:<caller>`), so several limits share one table. */
  name: string;
  points: number;
  durationSeconds: number;
  /**
   * Where the counts live: the database (the `rate_limits` table, shared by every app process,
   * so two processes never allow twice the rate), or, without one, this process's memory.
   */
  db?: Db;
};

/**
 * How long a count may take before this process counts on its own (the insurance limiter): a
 * limit must never add a database timeout to a request the database cannot answer anyway.
 */
const STORE_BUDGET_MS = 500;

function withinBudget<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`rate limit store: no answer in ${STORE_BUDGET_MS} ms`)),
      STORE_BUDGET_MS,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** rate-limiter-flexible's PostgreSQL store speaks node-postgres; this runs its SQL through Drizzle. */
function storeClient(db: Db) {
  const executor = sqlExecutor(db);
  return {
    async query(query: { text: string; values?: unknown[] }) {
      const { rows } = await withinBudget(executor.executeSql(query.text, query.values));
      // Both drivers may hand a bigint column back as a string or a BigInt; the store does arithmetic.
      const numeric = (rows as Array<{ points?: unknown; expire?: unknown }>).map((row) => ({
        points: Number(row.points),
        expire: row.expire === null || row.expire === undefined ? null : Number(row.expire),
      }));
      return { rows: numeric, rowCount: numeric.length };
    },
  };
}

function buildLimiter({ name, points, durationSeconds, db }: RateLimiterOptions): Limiter {
  if (!db) return new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
  return new RateLimiterPostgres({
    storeClient: storeClient(db),
    storeType: "client",
    tableName: "rate_limits",
    tableCreated: true, // by the migrations: the app's role may not create tables
    keyPrefix: name,
    points,
    duration: durationSeconds,
    // A caller that has spent its allowance is refused from memory until the window ends,
    // so a flood costs no database round trips.
    inMemoryBlockOnConsumed: points,
    // When the database cannot answer, each process limits on its own rather than failing the request.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
  });
}

const refused = (msBeforeNext: number): RateLimitResult => ({
  ok: false,
  retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
});

/** A fixed-window limit per key (an API key, a client address). */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const limiter = buildLimiter(options);
  return {
    limit: options.points,
    async consume(key) {
      try {
        const result = await limiter.consume(key);
        return { ok: true, remaining: result.remainingPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return refused(rejection.msBeforeNext);
        throw rejection;
      }
    },
    async spent(key) {
      const state = await limiter.get(key);
      if (!state || state.consumedPoints < options.points)
        return { ok: true, remaining: options.points - (state?.consumedPoints ?? 0) };
      return refused(state.msBeforeNext);
    },
  };
}

/** Each database's limits, made once: a limiter holds a sweep timer and in-memory blocks. */
const shared = new WeakMap<Db, Map<string, RateLimiter>>();

/**
 * The app's per-minute limit `name`, shared through `db` by every process, at the number the
 * environment variable `variable` gives (`API_RATE_LIMIT_PER_MINUTE`…), or the default when it
 * is unset or not a positive number.
 */
export function perMinuteLimiter(db: Db, name: string, variable: string, fallback: number): RateLimiter {
  let limits = shared.get(db);
  if (!limits) {
    limits = new Map();
    shared.set(db, limits);
  }
  const existing = limits.get(name);
  if (existing) return existing;
  const configured = Number(process.env[variable] ?? fallback);
  const limiter = createRateLimiter({
    name,
    points: Number.isFinite(configured) && configured > 0 ? configured : fallback,
    durationSeconds: 60,
    db,
  });
  limits.set(name, limiter);
  return limiter;
}
