import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { attemptSignIn, logSignOut } from "@/lib/auth/attempt-sign-in";
import { listMemberships } from "@/lib/auth/list-memberships";
import { endSessions, getSessionVersion } from "@/lib/auth/session-version";
import { requestContext } from "@/lib/http/request-info";
import { sameOriginPath } from "@/lib/http/return-path";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import { getRuntime } from "@/lib/runtime/runtime";

export class SignInLockedError extends Error {
  constructor() {
    super("locked");
  }
}

/** next-auth turns a thrown error's message into `/login?error=…`: the form says the database is down. */
export class SignInUnavailableError extends Error {
  constructor() {
    super("unavailable");
  }
}

let cached: Promise<NextAuthOptions> | undefined;

/**
 * next-auth: email + password against our users table, JWT sessions (8 hours) carrying the
 * user id and session version; the session callback adds the user's store memberships fresh
 * from the database.
 *
 * Invariant: a JWT is honoured only while its `sv` equals the user's `session_version`, checked
 * on every request (the jwt callback); a stale one becomes an empty token, i.e. no session.
 */
export function getAuthOptions(): Promise<NextAuthOptions> {
  cached ??= (async () => {
    const { authSecret } = await getRuntime();
    const options: NextAuthOptions = {
      secret: authSecret,
      session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
      pages: { signIn: "/login", error: "/login" },
      providers: [
        CredentialsProvider({
          name: "Email and password",
          credentials: {
            email: { label: "Email", type: "email" },
            password: { label: "Password", type: "password" },
          },
          async authorize(credentials) {
            const request = requestContext.getStore() ?? { ip: null, userAgent: null };
            let result: Awaited<ReturnType<typeof attemptSignIn>>;
            try {
              const { database } = await getRuntime();
              result = await attemptSignIn(database.db, {
                email: String(credentials?.email ?? ""),
                password: String(credentials?.password ?? ""),
                ...request,
              });
            } catch (error) {
              if (asDatabaseUnavailable(error)) throw new SignInUnavailableError();
              throw error;
            }
            if (result.ok) return result.user;
            if (result.reason === "locked") throw new SignInLockedError();
            return null;
          },
        }),
      ],
      callbacks: {
        // next-auth's own redirects (after sign-in and sign-out) stay on this app.
        redirect({ url, baseUrl }) {
          return `${baseUrl}${sameOriginPath(url, baseUrl) ?? "/admin"}`;
        },
        async jwt({ token, user }) {
          const { database } = await getRuntime();
          if (user) {
            token.uid = user.id;
            token.email = user.email;
            token.name = user.name;
            token.sv = (await getSessionVersion(database.db, user.id)) ?? undefined;
            return token;
          }
          if (!token.uid) return token;
          const current = await getSessionVersion(database.db, token.uid);
          return current !== null && current === token.sv ? token : {};
        },
        async session({ session, token }) {
          const uid = token.uid ?? "";
          session.user = { id: uid, email: token.email ?? "", name: token.name ?? "" };
          try {
            const { database } = await getRuntime();
            session.memberships = uid ? await listMemberships(database.db, uid) : [];
          } catch (error) {
            // Thrown here, next-auth would clear the session cookie: a database outage would sign everyone out.
            if (!asDatabaseUnavailable(error)) throw error;
            session.memberships = [];
            session.databaseUnavailable = true;
          }
          return session;
        },
      },
      events: {
        async signOut({ token }) {
          if (!token?.uid) return;
          const { database } = await getRuntime();
          const request = requestContext.getStore() ?? { ip: null, userAgent: null };
          // Signing out ends the session for good: a copy of the cookie no longer works.
          await endSessions(database.db, token.uid);
          await logSignOut(
            database.db,
            { id: token.uid, email: token.email ?? "", name: token.name ?? token.email ?? "" },
            request,
          );
        },
      },
    };
    return options;
  })().catch((error: unknown) => {
    // Not cached: once the database is back, the next request builds the options (no restart).
    cached = undefined;
    throw error;
  });
  return cached;
}
