import type { z } from "zod";
import { activityEvents } from "./activity-events";
import { authEvents } from "./auth-events";
import { cartEvents } from "./cart-events";
import { customerEvents } from "./customer-events";
import { defineCatalog } from "./define-catalog";
import { emailEvents } from "./email-events";
import type { FeedGroup } from "./feed-group";
import { integrityEvents } from "./integrity-events";
import { jobEvents } from "./job-events";
import { memberEvents } from "./member-events";
import { orderEvents } from "./order-events";
import { productEvents } from "./product-events";
import { settingsEvents } from "./settings-events";
import { syncEvents } from "./sync-events";
import { webhookEvents } from "./webhook-events";

/**
 * Every event type the activity log knows, one file per domain. Adding one is one declaration
 * in its domain's file: level, entity, visibility, feed group, payload schema, message, and the
 * customer's wording when customers see it. `logEvent` derives its signature from this object,
 * so a wrong payload for a type does not compile.
 */
export const catalog = defineCatalog({
  ...orderEvents,
  ...emailEvents,
  ...syncEvents,
  ...cartEvents,
  ...authEvents,
  ...webhookEvents,
  ...jobEvents,
  ...productEvents,
  ...settingsEvents,
  ...memberEvents,
  ...customerEvents,
  ...activityEvents,
  ...integrityEvents,
});

export type Catalog = typeof catalog;
export type EventType = keyof Catalog;
/** What a caller passes for an event type (defaults may be left out). */
export type PayloadInput<T extends EventType> = z.input<Catalog[T]["payload"]>;
/** What is stored for an event type. */
export type Payload<T extends EventType> = z.output<Catalog[T]["payload"]>;

export const eventTypes = Object.keys(catalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** Event-type groups for filters: `order.*`, `sync.*`… */
export const eventGroups = [...new Set(eventTypes.map((t) => t.split(".")[0]!))];

/** The feed's type-filter groups, each once, in the order their first event type is declared. */
export const feedGroups: FeedGroup[] = [
  ...new Map(eventTypes.map((type) => [catalog[type].feedGroup.key, catalog[type].feedGroup])).values(),
];

/**
 * The customer's sentence for a stored event, or null when its type is not customer-visible
 * (then the customer never sees it) or its payload cannot be worded.
 */
export function wordForCustomer(type: string, payload: unknown): string | null {
  return isEventType(type) ? catalog[type].wordForCustomer(payload) : null;
}
