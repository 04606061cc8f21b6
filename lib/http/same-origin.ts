import { appUrl } from "@/lib/platform/config";
import { errorResponse } from "./error-response";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie-authenticated state change must come from the app's own pages. Browsers send
 * `Origin` on every non-GET fetch and form post, so one from any other origin (a same-site
 * subdomain included) is refused, and so is one with neither `Origin` nor
 * `Sec-Fetch-Site: same-origin`. Requests authenticated with an API key never get here.
 * Returns the 403 to answer, or null when the request may go on.
 */
export function refuseCrossOrigin(request: Request): Response | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get("origin");
  if (origin === null) {
    if (request.headers.get("sec-fetch-site") === "same-origin") return null;
    return crossOrigin("The request does not say where it comes from (no Origin header).");
  }
  if (origin === new URL(request.url).origin || origin === configuredOrigin()) return null;
  return crossOrigin(`Requests from ${origin.slice(0, 100)} may not change anything here.`);
}

function configuredOrigin(): string | null {
  try {
    return new URL(appUrl()).origin;
  } catch {
    return null;
  }
}

const crossOrigin = (message: string) =>
  errorResponse(403, "cross_origin", `${message} Use the admin, or an API key.`);
