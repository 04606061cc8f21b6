import Stripe from "stripe";
import { appUrl, type Config, getConfig } from "@/lib/platform/config";

const cache = new WeakMap<Config, Stripe>();

/**
 * The Stripe API client for this configuration. It talks to STRIPE_API_URL when set, to the
 * local sandbox (…/api/sandbox/stripe) when the sandbox is on and no secret key is set, and to
 * api.stripe.com otherwise. Calls time out after 10 s and are retried once by the SDK.
 */
export function getStripe(config: Config = getConfig()): Stripe {
  let stripe = cache.get(config);
  if (!stripe) {
    stripe = createStripe(config);
    cache.set(config, stripe);
  }
  return stripe;
}

function createStripe(config: Config): Stripe {
  const baseUrl =
    config.stripe.apiUrl ??
    (config.sandbox && !config.stripe.secretKey ? `${appUrl(config)}/api/sandbox/stripe` : undefined);
  return new Stripe(config.stripe.secretKey ?? "sk_test_sandbox", {
    timeout: 10_000,
    maxNetworkRetries: 1,
    appInfo: { name: "Storyline" },
    ...(baseUrl ? { httpClient: Stripe.createFetchHttpClient(fetchUnder(baseUrl)), telemetry: false } : {}),
  });
}

/**
 * A fetch that sends what the SDK addresses to https://api.stripe.com/v1/… to `baseUrl`/v1/…
 * (the SDK's own host/port/protocol options cannot carry a path prefix).
 */
function fetchUnder(baseUrl: string): typeof fetch {
  const base = baseUrl.replace(/\/+$/, "");
  return (input, init) => {
    if (typeof input === "string" || input instanceof URL) {
      const url = new URL(input);
      return fetch(`${base}${url.pathname}${url.search}`, init);
    }
    return fetch(input, init);
  };
}
