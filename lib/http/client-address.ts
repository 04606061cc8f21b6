import { BlockList, isIP } from "node:net";
import type { TrustedProxies } from "@/lib/platform/config";

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

const blockLists = new WeakMap<object, BlockList>();

function networksOf(trust: Extract<TrustedProxies, { kind: "networks" }>): BlockList {
  let list = blockLists.get(trust);
  if (!list) {
    list = new BlockList();
    for (const n of trust.networks) list.addSubnet(n.address, n.prefix, n.family);
    blockLists.set(trust, list);
  }
  return list;
}

const isTrustedHop = (list: BlockList, address: string) => {
  const version = isIP(address);
  return version !== 0 && list.check(address, version === 6 ? "ipv6" : "ipv4");
};

/**
 * The client's address, from the socket's peer and the X-Forwarded-For chain it brought.
 *
 * Invariant: an address is believed only if every hop to its right is trusted. The chain is
 * `[...X-Forwarded-For, peer]`, read from the right: the peer is what actually connected; each
 * trusted proxy vouches for the entry to its left; the first entry not vouched for is the
 * client. Without trusted proxies X-Forwarded-For is never read, since the client writes it.
 * No peer (the socket was not seen) means no address at all, never a header's word.
 */
export function resolveClientAddress(
  request: { peer: string | null; forwardedFor: string | null },
  trust: TrustedProxies,
): string | null {
  if (!request.peer) return null;
  const peer = normalizeAddress(request.peer);
  if (trust.kind === "none") return peer;
  const forwarded = (request.forwardedFor ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter((entry) => entry !== "");
  const chain = [...forwarded, peer];
  // Walk left from the peer while the current hop is a trusted proxy; stop at a malformed entry
  // (the hop to its right reported it, and is the best we know).
  let index = chain.length - 1;
  const trusted =
    trust.kind === "hops"
      ? (i: number) => chain.length - 1 - i < trust.hops
      : (i: number) => isTrustedHop(networksOf(trust), chain[i]!);
  while (index > 0 && trusted(index)) {
    if (isIP(chain[index - 1]!) === 0) break;
    index--;
  }
  return chain[index]!;
}
