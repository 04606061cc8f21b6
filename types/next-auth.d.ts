import "next-auth";
import "next-auth/jwt";
import type { MembershipSummary } from "@/lib/auth/list-memberships";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
    memberships: MembershipSummary[];
    /** Set when the memberships could not be loaded (the database is down): the session stays. */
    databaseUnavailable?: true;
  }
  interface User {
    id: string;
    email: string;
    name: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user's `session_version` when this session was issued (lib/auth/session-version.ts). */
    sv?: number;
    email?: string | null;
    name?: string | null;
  }
}
