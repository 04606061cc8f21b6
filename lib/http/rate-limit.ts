import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = {
  readonly limit: number;
  /** Takes one request's worth from `key`'s allowance; `ok: false` once the window is spent. */
  consume(key: string): Promise<RateLimitResult>;
  /** Whether `key` has spent its allowance in this window, without taking from it. */
  spent(key: string): Promise<RateLimitResult>;
};

/**
 * A per-minute limit named by an environment variable (`API_RATE_LIMIT_PER_MINUTE`…), or the
 * default when it is unset or not a positive number.
 */
export function perMinuteLimiter(variable: string, fallback: number): RateLimiter {
  const configured = Number(process.env[variable] ?? fallback);
  return createRateLimiter({
    points: Number.isFinite(configured) && configured > 0 ? configured : fallback,
    durationSeconds: 60,
  });
}

/**
 * A fixed-window limit per key (an API key, an IP address), kept in this process's memory:
 * each app process enforces it on its own, which is enough to stop a runaway client.
 */
export function createRateLimiter(options: { points: number; durationSeconds: number }): RateLimiter {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds });
  return {
    limit: options.points,
    async consume(key) {
      try {
        const result = await limiter.consume(key);
        return { ok: true, remaining: result.remainingPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        throw rejection;
      }
    },
    async spent(key) {
      const state = await limiter.get(key);
      if (!state || state.consumedPoints < options.points)
        return { ok: true, remaining: options.points - (state?.consumedPoints ?? 0) };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
    },
  };
}
