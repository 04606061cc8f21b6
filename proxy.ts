import { type NextRequest, NextResponse } from "next/server";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { clientIp } from "@/lib/http/request-info";
import { RETURN_TO_HEADER } from "@/lib/http/return-path";

/**
 * The customer's order-status pages are public: a per-IP limit keeps anyone from walking
 * through tokens (they are unguessable anyway) or hammering the database. The links must not
 * leak through the Referer header either.
 */
const perIp = createRateLimiter({
  points: Number(process.env.ORDER_PAGE_RATE_LIMIT_PER_MINUTE ?? 60),
  durationSeconds: 60,
});

/** /admin pages: remember the exact page asked for, for the sign-in page to come back to. */
function rememberReturnPath(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  const headers = new Headers(request.headers);
  headers.set(RETURN_TO_HEADER, `${url.pathname}${url.search}`);
  return NextResponse.next({ request: { headers } });
}

export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname === "/admin" || request.nextUrl.pathname.startsWith("/admin/"))
    return rememberReturnPath(request);
  const limit = await perIp.consume(clientIp(request.headers) ?? "unknown");
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
  const response = NextResponse.next();
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("cache-control", "private, no-store");
  response.headers.set("x-robots-tag", "noindex");
  return response;
}

export const config = { matcher: ["/o/:path*", "/admin/:path*"] };
