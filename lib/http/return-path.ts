/**
 * The path and query of the page being opened, set by `proxy.ts` on /admin requests (any
 * value the client sent is replaced), so that a signed-out visitor comes back to it.
 */
export const RETURN_TO_HEADER = "x-storyline-return-to";

/** The base relative targets are parsed against when no app origin is given. */
const RELATIVE_ONLY = "http://return-path.invalid";

/**
 * Where to send someone after sign-in: `target` as a path (+ query + hash) on this app, or
 * null when it would leave it. The target is parsed as a URL against the app's origin, the way
 * a browser would (which turns `/\evil`, `/<tab>/evil` and `//evil` into another host), and
 * only a same-origin result is kept.
 *
 * Invariant: the result always starts with exactly one `/`, so it can never be read as a
 * protocol-relative URL, whatever the browser or framework does with it next.
 */
export function sameOriginPath(
  target: string | null | undefined,
  origin: string = RELATIVE_ONLY,
): string | null {
  if (!target) return null;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  return `${url.pathname.replace(/^\/+/, "/")}${url.search}${url.hash}`;
}

/** `sameOriginPath`, or `fallback` when the target is missing or foreign. */
export function returnPathOr(
  target: string | null | undefined,
  fallback = "/admin",
  origin?: string,
): string {
  return sameOriginPath(target, origin) ?? fallback;
}
