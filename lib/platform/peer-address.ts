import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** A request header that only this process writes: the socket's peer address, stamped. */
export const PEER_ADDRESS_HEADER = "x-storyline-peer-address";

type PeerState = { token: string; subscribed: boolean };
const key = Symbol.for("storyline.peerAddress");
const state = (): PeerState => {
  const holder = globalThis as typeof globalThis & { [key]?: PeerState };
  holder[key] ??= { token: randomBytes(16).toString("hex"), subscribed: false };
  return holder[key];
};

/**
 * Stamps every incoming HTTP request with its socket's remote address, before Next.js sees
 * it: Next 16 sets X-Forwarded-For from the socket only when the client sent none (`??=`), so
 * a route handler cannot otherwise tell a client's header from the real peer.
 *
 * Invariant: the stamp carries a random per-process token, and any value the client sent is
 * overwritten; `readPeerAddress` accepts only a stamp with this process's token, so a request
 * that arrived before the subscription (or a forged header) has no peer, never a chosen one.
 */
export function recordPeerAddresses(): void {
  const s = state();
  if (s.subscribed) return;
  s.subscribed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = socket.remoteAddress;
    if (address) request.headers[PEER_ADDRESS_HEADER] = peerAddressStamp(address);
    else delete request.headers[PEER_ADDRESS_HEADER];
  });
}

/** The header value that says "this request came from `address`" to this process. */
export function peerAddressStamp(address: string): string {
  return `${state().token} ${address}`;
}

/** The peer address this process stamped on the request, or null. */
export function readPeerAddress(headers: Headers): string | null {
  const stamp = headers.get(PEER_ADDRESS_HEADER);
  if (!stamp) return null;
  const [token, address] = stamp.split(" ");
  return token === state().token && address ? address : null;
}
