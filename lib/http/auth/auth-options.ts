import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { attemptSignIn, logSignOut } from "@/lib/auth/attempt-sign-in";
import { listMemberships } from "@/lib/auth/list-memberships";
import { requestContext } from "@/lib/http/request-info";
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
 * user id; the session callback adds the user's store memberships fresh from the database.
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
        jwt({ token, user }) {
          if (user) {
            token.uid = user.id;
            token.email = user.email;
            token.name = user.name;
          }
          return token;
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
