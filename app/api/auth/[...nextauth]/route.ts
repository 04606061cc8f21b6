import NextAuth from "next-auth";
import { normalizeEmail } from "@/lib/auth/attempt-sign-in";
import { getLockout } from "@/lib/auth/lockout";
import { getAuthOptions } from "@/lib/http/auth/auth-options";
import { signInUnavailableResponse } from "@/lib/http/auth/sign-in-unavailable";
import { requestContext, requestInfo } from "@/lib/http/request-info";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import { getDb } from "@/lib/runtime/runtime";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's handler, wrapped: the request's IP and user agent are made available to the
 * sign-in and sign-out events, and a locked-out email + IP pair gets a 429 before its
 * password is even checked. With the database down or hung, a fast 503 that says so.
 */
async function handler(request: Request, context: Context) {
  try {
    return await handleAuth(request, context);
  } catch (error) {
    if (asDatabaseUnavailable(error)) return signInUnavailableResponse(request);
    throw error;
  }
}

async function handleAuth(request: Request, context: Context) {
  const info = requestInfo(request.headers);
  const { nextauth } = await context.params;
  if (request.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = normalizeEmail(String(form?.get("email") ?? ""));
    const lockedUntil = email ? await getLockout(await getDb(), email, info.ip ?? "unknown") : null;
    if (lockedUntil) {
      const url = new URL("/login?error=locked", request.url);
      return Response.json(
        { url: url.toString(), error: "Too many failed sign-ins. Try again later.", lockedUntil },
        {
          status: 429,
          headers: { "retry-after": String(Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)) },
        },
      );
    }
  }
  const nextAuth = NextAuth(await getAuthOptions());
  return requestContext.run(info, () => nextAuth(request, context));
}

export { handler as GET, handler as POST };
