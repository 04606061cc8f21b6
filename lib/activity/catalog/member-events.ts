import { z } from "zod";
import { defineEvent } from "./define-event";
import { defineFeedGroup } from "./feed-group";
import { email, shown } from "./payload-fields";

const memberGroup = defineFeedGroup({ key: "member", label: "Members", allLabel: "All member events" });

const role = z.enum(["owner", "manager", "staff"]);

/** Who belongs to the store, and as what. */
export const memberEvents = {
  "member.added": defineEvent({
    label: "Member added",
    level: "info",
    entity: "member",
    feedGroup: memberGroup,
    payload: z.object({ email, role }),
    personalFields: ["email"],
    message: (p, c) => `${c.actorLabel} added ${shown(p.email, "a member")} as ${p.role}`,
  }),
  "member.role_changed": defineEvent({
    label: "Role changed",
    level: "info",
    entity: "member",
    feedGroup: memberGroup,
    payload: z.object({ email, role }),
    personalFields: ["email"],
    message: (p, c) =>
      `${c.actorLabel} made ${shown(p.email, "a member")} ${p.role === "owner" ? "an" : "a"} ${p.role}`,
  }),
  "member.removed": defineEvent({
    label: "Member removed",
    level: "info",
    entity: "member",
    feedGroup: memberGroup,
    payload: z.object({ email }),
    personalFields: ["email"],
    message: (p, c) => `${c.actorLabel} removed ${shown(p.email, "a member")} from the store`,
  }),
  "member.morning_email_changed": defineEvent({
    label: "Morning email turned on or off",
    level: "info",
    entity: "member",
    feedGroup: memberGroup,
    payload: z.object({ email, enabled: z.boolean() }),
    personalFields: ["email"],
    message: (p, c) =>
      `${c.actorLabel} turned the morning email ${p.enabled ? "on" : "off"} for ${shown(p.email, "a member")}`,
  }),
} as const;
