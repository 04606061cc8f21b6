import { randomBytes } from "node:crypto";

/** Small HTTP helpers shared by the sandbox's Printify, Stripe and control routes. */

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/** Printify-style error body: `{ status: "error", code, message, errors: { reason, code } }`. */
export function printifyError(status: number, code: number, message: string, reason: string): Response {
  return json(status, { status: "error", code, message, errors: { reason, code } });
}

/** Stripe-style error body: `{ error: { type, message, code? } }`. */
export function stripeError(status: number, type: string, message: string, code?: string): Response {
  return json(status, { error: { type, message, ...(code ? { code } : {}) } });
}

export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/** The request body as JSON, or `undefined` when it is empty or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join("");
}

/** Printify's timestamp format: "2017-04-18 13:24:28+00:00". */
export function printifyTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}+00:00`;
}

/** One page of `items` in Printify's (Laravel-style) list envelope; `page` from 1, `limit` ≤ 50. */
export function paginate<T>(items: T[], url: URL, defaultLimit = 10) {
  const limit = clamp(Number(url.searchParams.get("limit") ?? defaultLimit), 1, 50, defaultLimit);
  const lastPage = Math.max(1, Math.ceil(items.length / limit));
  const page = clamp(Number(url.searchParams.get("page") ?? 1), 1, Number.MAX_SAFE_INTEGER, 1);
  const start = (page - 1) * limit;
  const data = items.slice(start, start + limit);
  const pageUrl = (n: number) => `${url.pathname}?page=${n}&limit=${limit}`;
  return {
    current_page: page,
    data,
    first_page_url: pageUrl(1),
    from: data.length ? start + 1 : null,
    last_page: lastPage,
    last_page_url: pageUrl(lastPage),
    next_page_url: page < lastPage ? pageUrl(page + 1) : null,
    path: url.pathname,
    per_page: limit,
    prev_page_url: page > 1 ? pageUrl(page - 1) : null,
    to: data.length ? start + data.length : null,
    total: items.length,
  };
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
