import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth, { type NextAuthOptions } from "next-auth";

/** What next-auth answered: its status, Location and Set-Cookie headers, and its body. */
export type NextAuthAnswer = { status: number; location: string | null; setCookies: string[]; body: unknown };

/** Just the part of a Node response that next-auth's API handler writes to. */
class AnswerRecorder {
  statusCode = 200;
  body: unknown = null;
  readonly headers = new Map<string, string | string[]>();
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  end() {
    return this;
  }
  send(body: unknown) {
    this.body = body;
    return this;
  }
  json(body: unknown) {
    this.body = body;
    return this;
  }
  answer(): NextAuthAnswer {
    const cookies = this.headers.get("set-cookie") ?? [];
    const location = this.headers.get("location");
    return {
      status: this.statusCode,
      location: typeof location === "string" ? location : null,
      setCookies: Array.isArray(cookies) ? cookies : [cookies],
      body: this.body,
    };
  }
}

/**
 * Calls next-auth's own handler in this process, through its documented API-route form
 * `NextAuth(req, res, options)` (the one that takes the request's parts rather than reading
 * them from `next/headers`), for the route `/api/auth/<route…>`.
 */
export async function callNextAuth(
  options: NextAuthOptions,
  route: string[],
  request: {
    method: "GET" | "POST";
    headers: Record<string, string>;
    cookies: Record<string, string>;
    body?: Record<string, string>;
  },
): Promise<NextAuthAnswer> {
  const recorder = new AnswerRecorder();
  const req = { ...request, query: { nextauth: route } };
  // The API form needs only the fields above from a Next API request and response.
  await NextAuth(req as unknown as NextApiRequest, recorder as unknown as NextApiResponse, options);
  return recorder.answer();
}
