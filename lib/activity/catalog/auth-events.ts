import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email, shown } from "./payload-fields";

const authGroup = defineFeedGroup({ key: "auth", label: "Sign-in", allLabel: "All sign-in events" });

/** The email typed at sign-in, which need not be a valid address. */
const typedEmail = z.string().min(1).max(320);

/**
 * Failed sign-ins for one email within the lockout window from which a failure needs attention:
 * one mistyped password is information, a run of them (someone guessing) is a warning.
 */
export const FAILED_SIGN_IN_BURST = 3;

/** Signing in and out of the admin. */
export const authEvents = {
  "auth.login_succeeded": defineEvent({
    label: "Signed in",
    level: "info",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email }),
    personalFields: ["email"],
    message: (p) => `${shown(p.email, "Someone")} signed in`,
  }),
  "auth.login_failed": defineEvent({
    label: "Sign-in failed",
    level: (p) => ((p.recentFailures ?? 1) >= FAILED_SIGN_IN_BURST ? "warning" : "info"),
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({
      email: typedEmail,
      reason: z.string().min(1),
      /** Failures for this email within the lockout window, this one included. */
      recentFailures: z.number().int().positive().optional(),
    }),
    personalFields: ["email"],
    message: (p) =>
      (p.recentFailures ?? 1) > 1
        ? `Failed sign-in for ${shown(p.email, "an account")} (${p.recentFailures} in 15 minutes)`
        : `Failed sign-in for ${shown(p.email, "an account")}`,
  }),
  "auth.locked_out": defineEvent({
    label: "Sign-in locked",
    level: "warning",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email: typedEmail, failures: z.number().int(), lockedUntil: z.string() }),
    personalFields: ["email"],
    message: (p) =>
      `Sign-in for ${shown(p.email, "an account")} locked for 15 minutes after ${p.failures} failed attempts`,
  }),
  "auth.logout": defineEvent({
    label: "Signed out",
    level: "info",
    entity: "user",
    feedGroup: authGroup,
    payload: z.object({ email }),
    personalFields: ["email"],
    message: (p) => `${shown(p.email, "Someone")} signed out`,
  }),
} as const;
