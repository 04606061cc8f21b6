import { requestContext, requestInfo } from "@/lib/http/request-info";
import { returnPathOr } from "@/lib/http/return-path";
import { getAuthOptions } from "./auth-options";
import { callNextAuth } from "./next-auth-in-process";

const seeOther = (location: string, setCookies: string[] = []) => {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
};

/** `name=value` pairs of a Cookie header, or of the first part of one Set-Cookie header. */
const parseCookies = (header: string): Record<string, string> =>
  Object.fromEntries(
    header
      .split(";")
      .map((pair) => pair.trim())
      .filter((pair) => pair.includes("="))
      .map((pair) => {
        const at = pair.indexOf("=");
        return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))];
      }),
  );

const parseUrl = (value: string, base?: string): URL | null => {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
};

/**
 * Whether the form was posted from one of this app's pages: the browser's Origin names the
 * host the visitor sees (the Host header, a proxy's X-Forwarded-Host, or NEXTAUTH_URL), and
 * Sec-Fetch-Site, when sent, is not cross-site.
 */
function postedFromThisApp(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = request.headers.get("origin");
  if (!origin) return true; // browsers send it on every form POST; non-browsers are not at risk
  const ours = [
    request.headers.get("host"),
    request.headers.get("x-forwarded-host"),
    process.env.NEXTAUTH_URL,
  ];
  const host = parseUrl(origin)?.host;
  return !!host && ours.some((h) => h && (parseUrl(h)?.host || h) === host);
}

/**
 * The sign-in form posted without JavaScript (`application/x-www-form-urlencoded`): runs
 * next-auth's own credentials flow in-process (its CSRF pair, `authorize`, callbacks, events
 * and session cookie) and answers 303: to the page asked for, or back to /login with the error.
 *
 * Invariants: the password travels only in the POST body and never in a URL; the form is
 * accepted only from this app's own pages (the Origin header), so another site cannot sign a
 * visitor in to an account of its choosing; the redirect is always a same-origin path.
 */
export async function signInWithForm(request: Request): Promise<Response> {
  if (!postedFromThisApp(request)) return new Response("Cross-site sign-in refused.", { status: 403 });

  const form = await request.formData().catch(() => null);
  const email = String(form?.get("email") ?? "").trim();
  const password = String(form?.get("password") ?? "");
  const target = returnPathOr(String(form?.get("callbackUrl") ?? ""));
  const backToLogin = (error: string) =>
    seeOther(`/login?${new URLSearchParams({ error, callbackUrl: target })}`);
  if (!email || !password) return backToLogin("missing");

  const options = await getAuthOptions();
  const headers = Object.fromEntries(request.headers);
  // next-auth's double-submit CSRF pair, made for this one call: the cookie half and the token.
  const csrf = await callNextAuth(options, ["csrf"], { method: "GET", headers, cookies: {} });
  const csrfToken = (csrf.body as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof csrfToken !== "string" || !csrf.setCookies[0]) return backToLogin("Configuration");

  const answer = await requestContext.run(requestInfo(request.headers), () =>
    callNextAuth(options, ["callback", "credentials"], {
      method: "POST",
      headers,
      cookies: {
        ...parseCookies(request.headers.get("cookie") ?? ""),
        ...parseCookies(csrf.setCookies[0]!.split(";")[0]!),
      },
      body: { csrfToken, email, password, callbackUrl: target },
    }),
  );
  // Success is a redirect to the callback URL; any failure is a redirect carrying `error`.
  const redirect = answer.location ? parseUrl(answer.location, "http://next-auth.invalid") : null;
  const error = redirect?.searchParams.get("error");
  if (!redirect || error || redirect.pathname.startsWith("/api/auth/"))
    return backToLogin(error ?? "CredentialsSignin");
  return seeOther(target, answer.setCookies);
}
