import { TZDate } from "@date-fns/tz";

/** The hour of the morning email, in the store's time zone. */
export const MORNING_EMAIL_HOUR = 8;
/** A morning email not sent by this hour (the app was down, a person opted in later) waits for tomorrow. */
const LAST_HOUR = 12;

export type MorningEmailSlot = {
  /** The store's local day, `yyyy-MM-dd`: with the person and store, the email's once-a-day key. */
  localDate: string;
  /** 08:00 that day in the store's zone. */
  sendAt: Date;
  /** 08:00 the day before: "overnight" is what happened since then. */
  since: Date;
  /** Whether `now` is in the sending window (08:00 to noon, local). */
  due: boolean;
};

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * When today's morning email of a store in `timeZone` goes out, as seen at `now`. Local
 * wall-clock arithmetic, so a day across a daylight-saving change still starts at 08:00.
 */
export function morningEmailSlot(timeZone: string, now: Date): MorningEmailSlot {
  const local = new TZDate(now.getTime(), timeZone);
  const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  const sendAt = new Date(new TZDate(y, m, d, MORNING_EMAIL_HOUR, 0, 0, timeZone).getTime());
  const since = new Date(new TZDate(y, m, d - 1, MORNING_EMAIL_HOUR, 0, 0, timeZone).getTime());
  const hour = local.getHours();
  return {
    localDate: `${y}-${pad(m + 1)}-${pad(d)}`,
    sendAt,
    since,
    due: hour >= MORNING_EMAIL_HOUR && hour < LAST_HOUR,
  };
}

/** The window a morning email of `localDate` reports on: 08:00 the day before to 08:00 that day. */
export function morningEmailWindow(timeZone: string, localDate: string): { since: Date; sendAt: Date } {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return {
    since: new Date(new TZDate(y, m - 1, d - 1, MORNING_EMAIL_HOUR, 0, 0, timeZone).getTime()),
    sendAt: new Date(new TZDate(y, m - 1, d, MORNING_EMAIL_HOUR, 0, 0, timeZone).getTime()),
  };
}
