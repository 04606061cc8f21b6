import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email } from "./payload-fields";

const authGroup = defineFeedGroup({ key: "auth", label: "Sign-in", allLabel: "All sign-in events" });

/** The email typed at sign-in, which need not be a valid address. */
const typedEmail = z.string().min(1).max(320);

/** Signing in and out of the admin. */
export const authEvents = {
  "auth.login_succeeded": defineEvent({
    label: "Signed in",
    level: "info",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email }),
    personalFields: ["email"],
    message: (p) => `${p.email} signed in`,
  }),
  "auth.login_failed": defineEvent({
    label: "Sign-in failed",
    level: "warning",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email: typedEmail, reason: z.string().min(1) }),
    personalFields: ["email"],
    message: (p) => `Failed sign-in for ${p.email}`,
  }),
  "auth.locked_out": defineEvent({
    label: "Sign-in locked",
    level: "warning",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email: typedEmail, failures: z.number().int(), lockedUntil: z.string() }),
    personalFields: ["email"],
    message: (p) => `Sign-in for ${p.email} locked for 15 minutes after ${p.failures} failed attempts`,
  }),
  "auth.logout": defineEvent({
    label: "Signed out",
    level: "info",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email }),
    personalFields: ["email"],
    message: (p) => `${p.email} signed out`,
  }),
} as const;
