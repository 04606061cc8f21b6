/**
 * Timeline time in the store's time zone: "14:23" for today, "16 Feb" before, "16 Feb 2025"
 * in another year; `full` is the exact date and time for a tooltip. A time zone the runtime does
 * not know falls back to UTC (the full text then says so) rather than breaking the page.
 */
export function formatEventTime(date: Date, storeTimeZone: string, now = new Date()) {
  const timeZone = knownTimeZone(storeTimeZone);
  const day = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "short" }).format(d);
  const year = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric" }).format(d);
  let short: string;
  if (day(date) === day(now)) {
    short = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(date);
  } else if (year(date) === year(now)) {
    short = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short" }).format(date);
  } else {
    short = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
    }).format(date);
  }
  const full = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "full", timeStyle: "long" }).format(
    date,
  );
  return { short, full };
}

function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
