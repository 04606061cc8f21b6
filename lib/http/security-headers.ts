/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (and what
 * they load, 'strict-dynamic'), no framing by anyone, no plugins, forms and the base URL to
 * this origin only. Styles may be inline (Radix positions popovers with style attributes).
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce for one response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The request header that carries the nonce to the root layout (for its inline theme script). */
export const NONCE_HEADER = "x-nonce";

/** HSTS for two years, sent only when the page was served over https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";
