import { appUrl, type Config, getConfig } from "@/lib/platform/config";
import { createPrintifyClient, type PrintifyClient } from "./client";

/**
 * The Printify client for this configuration: PRINTIFY_API_URL if set, else the local sandbox
 * when it is on, else the real API. Without a token outside the sandbox it throws rather than
 * sending unauthenticated requests to Printify.
 */
export function getPrintifyClient(config: Config = getConfig()): PrintifyClient {
  const baseUrl =
    config.printify.apiUrl ??
    (config.sandbox ? `${appUrl(config)}/api/sandbox/printify` : "https://api.printify.com");
  const token = config.printify.token ?? (config.sandbox ? "sandbox" : undefined);
  if (!token) {
    throw new Error(
      "PRINTIFY_API_TOKEN is not set: set it to a Printify personal access token, or turn on the sandbox (STORYLINE_SANDBOX=true)",
    );
  }
  return createPrintifyClient({ baseUrl, token, timeoutMs: config.printify.timeoutMs });
}
