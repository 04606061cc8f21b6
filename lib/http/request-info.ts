import { AsyncLocalStorage } from "node:async_hooks";

/** Who is on the other end of the current request: for events logged deep inside next-auth. */
export type RequestInfo = { ip: string | null; userAgent: string | null };

export const requestContext = new AsyncLocalStorage<RequestInfo>();

/** The client's address: the first hop of X-Forwarded-For (set by Next.js and by proxies). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  return ip?.replace(/^::ffff:/, "") ?? null;
}

export function requestInfo(headers: Headers): RequestInfo {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}
