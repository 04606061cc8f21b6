import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/platform/database-unavailable";

/**
 * The sign-in endpoints' answer while the database is down or hung: 503 with `Retry-After`, in
 * the shape next-auth's `signIn()` reads (`url` carries `error=unavailable`, which the form
 * words for a person), and a sentence for anyone calling it by hand.
 */
export function signInUnavailableResponse(request: Request): Response {
  const url = new URL("/login?error=unavailable", request.url);
  return Response.json(
    {
      url: url.toString(),
      error: "Sign-in is unavailable: the database is not answering. Try again in a few seconds.",
    },
    { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}
