import { z } from "zod";
import { type ActivityLevel, activityLevels } from "@/db/schema";
import { catalog, type EventType, eventTypes, feedGroups } from "@/lib/activity/catalog/catalog";
import { hasControlCharacter } from "@/lib/platform/control-characters";
import { dateFormat, dayInZone, validTimeZone } from "@/lib/platform/format/date-format";
import type { ActivityFilters } from "./activity-filters";

/** What Next.js hands a page as `searchParams`. */
export type FeedSearchParams = Record<string, string | string[] | undefined>;

export type FeedTab = "all" | "attention";

/** The feed's URL params as the filter form shows them: only values that are in use. */
export type FeedFormValues = {
  tab: FeedTab;
  level: ActivityLevel[];
  type: string;
  from: string;
  to: string;
  q: string;
  order: string;
};

export type ParsedFeedParams = {
  /** For `listActivity`, without `orderId`: the order number is looked up by the page. */
  filters: ActivityFilters;
  /** The order number asked for (`1042` or `#1042`), to resolve to an order id in the store. */
  orderNumber: number | null;
  cursor: string | null;
  values: FeedFormValues;
  /** Whether any filter (besides the tab) is in use. */
  filtered: boolean;
  /** One human sentence per bad value; the bad field is ignored. */
  problems: string[];
};

export type FeedTypeGroup = {
  label: string;
  /** The "All … events" prefix, such as `order.*`. */
  prefix: { value: string; label: string };
  types: { value: EventType; label: string }[];
};

/**
 * The event types the feed can be filtered by, under the feed group each declares, in catalog
 * order. Debug events never appear in the feed, so they are not offered.
 */
export const feedTypeGroups: FeedTypeGroup[] = feedGroups
  .map((group) => ({
    label: group.label,
    prefix: { value: `${group.key}.*`, label: group.allLabel },
    types: eventTypes
      .filter((type) => catalog[type].feedGroup.key === group.key && catalog[type].visibility !== "debug")
      .map((type) => ({ value: type, label: catalog[type].label })),
  }))
  .filter((group) => group.types.length > 0);

const knownTypes = new Set<string>(
  feedTypeGroups.flatMap((group) => [group.prefix.value, ...group.types.map((t) => t.value)]),
);

/** An integration's own event type (`custom.invoice_sent`), or all of them (`custom.*`). */
export const CUSTOM_PREFIX = "custom.*";
const CUSTOM_TYPE = /^custom\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

/** Whether a type names integrations' events: `custom.*` or one `custom.<name>`. */
export function isCustomTypeFilter(value: string): boolean {
  return value === CUSTOM_PREFIX || CUSTOM_TYPE.test(value);
}

const FeedType = z.string().refine((value) => knownTypes.has(value) || isCustomTypeFilter(value));
const Level = z.enum(activityLevels);
const Day = z.iso.date();
const Search = z.string().max(200);
const OrderNumber = z
  .string()
  .regex(/^#?\s*\d{1,9}$/)
  .transform((value) => Number(value.replace(/^#\s*/, "")))
  .pipe(z.number().int().positive());

/** The first value of a param, trimmed; absent or blank is "". */
function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();
}

/** Every value of a repeatable param, also split on commas (`level=error,warning`). */
function all(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The UTC offset of a time zone at an instant, in milliseconds (positive east of Greenwich). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    dateFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of a calendar day (YYYY-MM-DD) in a time zone. Where a DST change skips
 * midnight, the day starts at the first wall-clock time that exists.
 */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - zoneOffsetMs(wall, timeZone);
  const candidates = [guess, wall - zoneOffsetMs(guess, timeZone)]
    .filter((instant) => dayInZone(instant, timeZone) === day)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? guess);
}

function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const quote = (value: string) => `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;

/**
 * Turns the feed's URL params into filters for `listActivity`, the values to re-fill the filter
 * form, and a sentence for each bad value (which is then ignored). Dates are calendar days in the
 * store's time zone; `to` includes the whole of its day. Never throws.
 */
export function parseFeedParams(params: FeedSearchParams, storeTimeZone: string): ParsedFeedParams {
  const timeZone = validTimeZone(storeTimeZone);
  const problems: string[] = [];
  const values: FeedFormValues = {
    tab: first(params.tab) === "attention" ? "attention" : "all",
    level: [],
    type: "",
    from: "",
    to: "",
    q: "",
    order: "",
  };
  const filters: ActivityFilters = {};

  const badLevels: string[] = [];
  for (const level of all(params.level)) {
    const parsed = Level.safeParse(level);
    if (!parsed.success) badLevels.push(level);
    else if (!values.level.includes(parsed.data)) values.level.push(parsed.data);
  }
  if (badLevels.length) {
    problems.push(
      `Unknown level ${badLevels.map(quote).join(", ")}: use info, warning or error. It was ignored.`,
    );
  }
  // Every level ticked is the same as none.
  if (values.level.length > 0 && values.level.length < activityLevels.length) {
    filters.level = activityLevels.filter((level) => values.level.includes(level));
  }

  const type = first(params.type);
  if (type) {
    if (FeedType.safeParse(type).success) values.type = filters.type = type;
    else problems.push(`Unknown event type ${quote(type)}. It was ignored.`);
  }

  for (const field of ["from", "to"] as const) {
    const day = first(params[field]);
    if (!day) continue;
    if (Day.safeParse(day).success) values[field] = day;
    else
      problems.push(
        `${field === "from" ? "From" : "To"} ${quote(day)} is not a date like 2026-07-01. It was ignored.`,
      );
  }
  if (values.from && values.to && values.from > values.to) {
    problems.push(`The date range ends (${values.to}) before it starts (${values.from}). It was ignored.`);
    values.from = values.to = "";
  }
  if (values.from) filters.from = startOfDayInZone(values.from, timeZone);
  if (values.to) filters.to = startOfDayInZone(nextDay(values.to), timeZone);

  const q = first(params.q);
  if (q) {
    if (hasControlCharacter(q))
      problems.push("The search text contains a control character. It was ignored.");
    else if (Search.safeParse(q).success) values.q = filters.q = q;
    else problems.push("The search text is longer than 200 characters. It was ignored.");
  }

  let orderNumber: number | null = null;
  const order = first(params.order);
  if (order) {
    const parsed = OrderNumber.safeParse(order);
    if (parsed.success) {
      orderNumber = parsed.data;
      values.order = String(parsed.data);
    } else {
      problems.push(`Order ${quote(order)} is not an order number like 1042 or #1042. It was ignored.`);
    }
  }

  if (values.tab === "attention") filters.needsAttention = true;
  const cursor = first(params.cursor) || null;
  const filtered = Boolean(
    values.level.length || values.type || values.from || values.to || values.q || values.order,
  );
  return { filters, orderNumber, cursor, values, filtered, problems };
}

/**
 * The feed's URL for some form values, in the same shape the filter form submits, so a link
 * (tab, next page, newest) keeps every filter. Blank values are left out.
 */
export function feedHref(values: FeedFormValues, options: { cursor?: string | null } = {}): string {
  const search = new URLSearchParams();
  if (values.tab === "attention") search.set("tab", "attention");
  for (const level of values.level) search.append("level", level);
  for (const key of ["type", "from", "to", "q", "order"] as const) {
    if (values[key]) search.set(key, values[key]);
  }
  if (options.cursor) search.set("cursor", options.cursor);
  const query = search.toString();
  return query ? `/admin/activity?${query}` : "/admin/activity";
}
