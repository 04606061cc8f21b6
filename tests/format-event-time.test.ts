import { describe, expect, it } from "vitest";
import { formatEventTime } from "@/lib/platform/format/format-event-time";

const at = (iso: string) => new Date(iso);

describe("formatEventTime", () => {
  const now = at("2026-02-20T15:00:00Z");

  it("shows the clock time for today", () => {
    expect(formatEventTime(at("2026-02-20T14:23:00Z"), "Europe/London", now).short).toBe("14:23");
    expect(formatEventTime(at("2026-02-20T00:05:00Z"), "Europe/London", now).short).toBe("00:05");
  });

  it("shows day and month for an earlier day this year", () => {
    expect(formatEventTime(at("2026-02-16T14:23:00Z"), "Europe/London", now).short).toBe("16 Feb");
    expect(formatEventTime(at("2026-02-19T23:59:00Z"), "Europe/London", now).short).toBe("19 Feb");
  });

  it("adds the year for another year", () => {
    expect(formatEventTime(at("2025-12-31T12:00:00Z"), "Europe/London", now).short).toBe("31 Dec 2025");
    // Same day and month a year ago is not "today".
    expect(formatEventTime(at("2025-02-20T14:23:00Z"), "Europe/London", now).short).toBe("20 Feb 2025");
  });

  it("decides 'today' in the store's time zone, across midnight", () => {
    // 23:30 UTC on the 20th is already 00:30 on the 21st in Berlin.
    const lateUtc = at("2026-02-20T23:30:00Z");
    const berlinMorning = at("2026-02-21T08:00:00Z");
    expect(formatEventTime(lateUtc, "Europe/Berlin", berlinMorning).short).toBe("00:30");
    expect(formatEventTime(lateUtc, "UTC", berlinMorning).short).toBe("20 Feb");
    // And the other way: 02:00 UTC is still the day before in New York.
    expect(
      formatEventTime(at("2026-02-21T02:00:00Z"), "America/New_York", at("2026-02-21T03:00:00Z")).short,
    ).toBe("21:00");
    expect(
      formatEventTime(at("2026-02-21T02:00:00Z"), "America/New_York", at("2026-02-21T12:00:00Z")).short,
    ).toBe("20 Feb");
  });

  it("decides the year in the store's time zone on New Year's Eve", () => {
    // 23:30 UTC on 31 Dec 2025 is 2026 in Berlin: same year as now, so no year.
    expect(
      formatEventTime(at("2025-12-31T23:30:00Z"), "Europe/Berlin", at("2026-02-01T12:00:00Z")).short,
    ).toBe("1 Jan");
    expect(formatEventTime(at("2025-12-31T23:30:00Z"), "UTC", at("2026-02-01T12:00:00Z")).short).toBe(
      "31 Dec 2025",
    );
  });

  it("follows daylight saving time", () => {
    // London: GMT in winter, BST (UTC+1) after the last Sunday of March (29 March 2026, 01:00 UTC).
    const beforeSwitch = at("2026-03-29T00:30:00Z");
    const afterSwitch = at("2026-03-29T01:30:00Z");
    const sameDay = at("2026-03-29T12:00:00Z");
    expect(formatEventTime(beforeSwitch, "Europe/London", sameDay).short).toBe("00:30");
    expect(formatEventTime(afterSwitch, "Europe/London", sameDay).short).toBe("02:30");
    expect(
      formatEventTime(at("2026-07-01T14:23:00Z"), "Europe/London", at("2026-07-01T18:00:00Z")).short,
    ).toBe("15:23");
    // Back to GMT on 25 October 2026: 00:30 and 01:30 UTC both read 01:30 in London.
    const autumnDay = at("2026-10-25T12:00:00Z");
    expect(formatEventTime(at("2026-10-25T00:30:00Z"), "Europe/London", autumnDay).short).toBe("01:30");
    expect(formatEventTime(at("2026-10-25T01:30:00Z"), "Europe/London", autumnDay).short).toBe("01:30");
  });

  it("gives the full date, time and zone for a tooltip", () => {
    const { full } = formatEventTime(at("2026-07-01T14:23:05Z"), "Europe/London", now);
    expect(full).toContain("Wednesday");
    expect(full).toContain("1 July 2026");
    expect(full).toContain("15:23:05");
    expect(full).toMatch(/BST|GMT\+1/);
    const winter = formatEventTime(at("2026-02-16T14:23:00Z"), "Europe/Berlin", now).full;
    expect(winter).toContain("16 February 2026");
    expect(winter).toContain("15:23:00");
  });

  it("does not crash on a time zone the runtime does not know", () => {
    const result = formatEventTime(at("2026-02-20T14:23:00Z"), "Not/AZone", now);
    expect(result.short).toBe("14:23");
    expect(result.full).toContain("20 February 2026");
  });
});
