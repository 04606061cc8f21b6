const formats = {
  day: { dateStyle: "short" },
  year: { year: "numeric" },
  clock: { hour: "2-digit", minute: "2-digit" },
  dayMonth: { day: "numeric", month: "short" },
  dayMonthYear: { day: "numeric", month: "short", year: "numeric" },
  full: { dateStyle: "full", timeStyle: "long" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

type FormatName = keyof typeof formats;

/**
 * Building an `Intl.DateTimeFormat` costs far more than using one (about 0.1 ms with a time
 * zone, against microseconds to format), and a feed page formats a hundred times: one
 * formatter per (time zone, format), built once per process.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, name: FormatName): Intl.DateTimeFormat {
  const key = `${timeZone}|${name}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-GB", { timeZone, ...formats[name] });
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * Timeline time in the store's time zone: "14:23" for today, "16 Feb" before, "16 Feb 2025"
 * in another year (`clock` is always the time of day, for entries that show both); `full` is the exact date and time for a tooltip. A time zone the runtime does
 * not know falls back to UTC (the full text then says so) rather than breaking the page.
 */
export function formatEventTime(date: Date, storeTimeZone: string, now = new Date()) {
  const timeZone = knownTimeZone(storeTimeZone);
  const format = (name: FormatName, d: Date) => formatter(timeZone, name).format(d);
  const clock = format("clock", date);
  const today = format("day", date) === format("day", now);
  let short: string;
  if (today) short = clock;
  else if (format("year", date) === format("year", now)) short = format("dayMonth", date);
  else short = format("dayMonthYear", date);
  return { short, clock, today, full: format("full", date) };
}

const knownZones = new Map<string, string>();

function knownTimeZone(timeZone: string): string {
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      formatter(timeZone, "day");
      known = timeZone;
    } catch {
      known = "UTC";
    }
    // Bounded: time zones come from store settings, but never let odd input grow the map forever.
    if (knownZones.size < 1000) knownZones.set(timeZone, known);
  }
  return known;
}
