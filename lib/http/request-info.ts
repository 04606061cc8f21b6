import { AsyncLocalStorage } from "node:async_hooks";
import { getConfig } from "@/lib/platform/config";
import { readPeerAddress } from "@/lib/platform/peer-address";
import { resolveClientAddress } from "./client-address";

/** Who is on the other end of the current request: for events logged deep inside next-auth. */
export type RequestInfo = { ip: string | null; userAgent: string | null };

export const requestContext = new AsyncLocalStorage<RequestInfo>();

/**
 * The client's address: the socket's peer, or with `TRUSTED_PROXIES` the hop of
 * X-Forwarded-For that the trusted proxies vouch for (see `resolveClientAddress`).
 */
export function clientIp(headers: Headers): string | null {
  return resolveClientAddress(
    { peer: readPeerAddress(headers), forwardedFor: headers.get("x-forwarded-for") },
    getConfig().trustedProxies,
  );
}

export function requestInfo(headers: Headers): RequestInfo {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}
