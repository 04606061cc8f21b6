import { type NextRequest, NextResponse } from "next/server";
import { consumeOrderPageAllowance } from "@/lib/http/order-page-limit";
import { clientIp } from "@/lib/http/request-info";
import { RETURN_TO_HEADER } from "@/lib/http/return-path";
import {
  contentSecurityPolicy,
  createNonce,
  NONCE_HEADER,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/http/security-headers";

const isCustomerPage = (path: string) => path.startsWith("/o/");
const isAdminPage = (path: string) => path === "/admin" || path.startsWith("/admin/");

/**
 * Every page: a Content-Security-Policy with a per-response nonce (Next.js puts it on its own
 * scripts when it finds it in the request's CSP), HSTS
 * over https, and a Referrer-Policy. /admin pages remember the exact page asked for, for the
 * sign-in page to come back to; /o pages are rate-limited per client address.
 */
export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  // A malformed %-escape fails Next's own decoding of the path with a bare 500: answer it here.
  if (!decodes(path)) return malformedPath(path);
  // API routes and webhooks: nothing more to add (their headers come from next.config.ts).
  if (path.startsWith("/api/")) return NextResponse.next();
  if (isCustomerPage(path)) {
    // Public pages: a per-address limit, shared by every process, keeps anyone from walking
    // through tokens (unguessable anyway) or hammering the database.
    const limit = await consumeOrderPageAllowance(clientIp(request.headers) ?? "unknown");
    if (!limit.ok) {
      return new NextResponse("Too many requests. Please wait a minute and try again.", {
        status: 429,
        headers: {
          "retry-after": String(limit.retryAfterSeconds),
          "content-type": "text/plain; charset=utf-8",
          "cache-control": "no-store",
        },
      });
    }
  }

  const nonce = createNonce();
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", csp);
  if (isAdminPage(path)) {
    const url = request.nextUrl.clone();
    url.searchParams.delete("_rsc");
    headers.set(RETURN_TO_HEADER, `${url.pathname}${url.search}`);
  }

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  // Over https: as Next sees it, or as the public address says (TLS ending at a proxy in front).
  if (request.nextUrl.protocol === "https:" || process.env.APP_URL?.startsWith("https:"))
    response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  if (isCustomerPage(path)) {
    response.headers.set("referrer-policy", "no-referrer");
    response.headers.set("cache-control", "private, no-store");
    response.headers.set("x-robots-tag", "noindex");
  } else response.headers.set("referrer-policy", "strict-origin-when-cross-origin");
  return response;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** 400 with a message: JSON for the API, a plain sentence for a page. */
function malformedPath(path: string) {
  const message = "This address is not valid: it has a malformed %-escape. Check the link.";
  if (path.startsWith("/api/"))
    return NextResponse.json({ error: { code: "invalid_path", message } }, { status: 400 });
  return new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Everything but static files. */
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
