import { describe, expect, it } from "vitest";
import { z } from "zod";
import { catalog, eventTypes, feedGroups } from "@/lib/activity/catalog/catalog";
import { defineCatalog } from "@/lib/activity/catalog/define-catalog";
import { defineEvent } from "@/lib/activity/catalog/define-event";
import { defineFeedGroup } from "@/lib/activity/catalog/feed-group";

const giftGroup = defineFeedGroup({ key: "gift", label: "Gifts", allLabel: "All gift events" });
const fields = {
  label: "Gift message",
  level: "info",
  entity: "order",
  feedGroup: giftGroup,
  payload: z.object({ message: z.string().min(1) }),
  message: (p: { message: string }) => `Gift message: ${p.message}`,
} as const;

/**
 * Compile-time checks: `npm run typecheck` (tsc --noEmit) fails if any `@ts-expect-error` below
 * is not a genuine error, so what a declaration must say keeps failing to compile when left out.
 * The function is never called; only the compiler looks at it.
 */
function compileOnly() {
  // Correct declarations compile: staff-only without wording, customer-visible with it.
  defineEvent(fields);
  defineEvent({ ...fields, visibility: "debug" });
  defineEvent({ ...fields, visibility: "customer", customerWording: (p) => `Your note: ${p.message}` });

  // @ts-expect-error a customer-visible event must say what the customer reads
  defineEvent({ ...fields, visibility: "customer" });
  // @ts-expect-error customer wording is only for customer-visible events
  defineEvent({ ...fields, customerWording: () => "Hello" });
  const byAmount = (p: { amount: number }) => `${p.amount}`;
  // @ts-expect-error the wording is a function of this event's payload
  defineEvent({ ...fields, visibility: "customer", customerWording: byAmount });
  const { feedGroup: _group, ...ungrouped } = fields;
  // @ts-expect-error every event type names its feed group
  defineEvent(ungrouped);

  // An event type sits under the group its name starts with.
  defineCatalog({ "gift.message_added": defineEvent(fields) });
  // @ts-expect-error "order.gift_added" does not start with the "gift" group's key
  defineCatalog({ "order.gift_added": defineEvent(fields) });
}

describe("defineEvent types", () => {
  it("keeps customer wording beside every customer-visible event, and every type in its group", () => {
    // The checks above are compile-time; at run time, only make sure the file is loaded.
    expect(typeof compileOnly).toBe("function");
    for (const type of eventTypes) {
      expect(type.startsWith(`${catalog[type].feedGroup.key}.`), type).toBe(true);
      if (catalog[type].visibility !== "customer") expect(catalog[type].wordForCustomer({}), type).toBeNull();
    }
    expect(feedGroups.map((g) => g.key)).toEqual([
      "order",
      "order.email",
      "email",
      "sync",
      "abandoned_cart",
      "auth",
      "webhook",
      "job",
      "product",
      "settings",
      "member",
      "customer",
      "activity",
    ]);
  });
});
