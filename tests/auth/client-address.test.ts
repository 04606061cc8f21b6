import { describe, expect, test } from "vitest";
import { resolveClientAddress } from "@/lib/http/client-address";
import { ConfigError, parseConfig } from "@/lib/platform/config";

const trust = (value: string | undefined) => parseConfig({ TRUSTED_PROXIES: value }).trustedProxies;

describe("TRUSTED_PROXIES", () => {
  test("off by default: the socket's peer is the client, X-Forwarded-For is ignored", () => {
    expect(trust(undefined)).toEqual({ kind: "none" });
    expect(
      resolveClientAddress({ peer: "::ffff:192.0.2.9", forwardedFor: "1.2.3.4, 5.6.7.8" }, trust(undefined)),
    ).toBe("192.0.2.9");
    expect(resolveClientAddress({ peer: null, forwardedFor: "1.2.3.4" }, trust(undefined))).toBeNull();
  });

  test("a hop count believes that many proxies, counted from the socket", () => {
    const one = trust("1");
    // nginx appended the address it saw; anything further left was written by the client.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.5" }, one)).toBe(
      "203.0.113.5",
    );
    expect(
      resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 203.0.113.5, 10.0.0.3" }, trust("2")),
    ).toBe("203.0.113.5");
    // Fewer entries than hops: the leftmost is all we have.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: null }, trust("3"))).toBe("10.0.0.2");
  });

  test("a CIDR list believes only peers inside it", () => {
    const networks = trust("10.0.0.0/8, 2001:db8::/32");
    expect(resolveClientAddress({ peer: "10.1.2.3", forwardedFor: "6.6.6.6, 203.0.113.5" }, networks)).toBe(
      "203.0.113.5",
    );
    expect(
      resolveClientAddress({ peer: "2001:db8::1", forwardedFor: "6.6.6.6, 203.0.113.5, 10.4.4.4" }, networks),
    ).toBe("203.0.113.5");
    // Not from a trusted proxy: the header is the client's own words.
    expect(resolveClientAddress({ peer: "198.51.100.8", forwardedFor: "6.6.6.6" }, networks)).toBe(
      "198.51.100.8",
    );
    // A malformed entry is not believed: the proxy that reported it is the best we know.
    expect(resolveClientAddress({ peer: "10.1.2.3", forwardedFor: "nonsense" }, networks)).toBe("10.1.2.3");
  });

  test("a bad value stops start-up, naming the variable", () => {
    for (const bad of ["10.0.0.0/33", "proxy.example", "10.0.0.0/8,", "1.2.3.4/x", "11"]) {
      expect(() => trust(bad), bad).toThrow(ConfigError);
      expect(() => trust(bad)).toThrow(/TRUSTED_PROXIES/);
    }
    expect(trust("203.0.113.10")).toMatchObject({ kind: "networks", networks: [{ prefix: 32 }] });
  });
});
