import { describe, expect, it } from "vitest";
import { catalog } from "@/lib/activity/catalog/catalog";
import { ActivityFilters } from "@/lib/activity/read/activity-filters";
import {
  feedHref,
  feedTypeGroups,
  parseFeedParams,
  startOfDayInZone,
} from "@/lib/activity/read/parse-feed-params";

const LONDON = "Europe/London";

describe("parseFeedParams", () => {
  it("reads nothing from an empty URL", () => {
    const parsed = parseFeedParams({}, LONDON);
    expect(parsed).toEqual({
      filters: {},
      orderNumber: null,
      cursor: null,
      values: { tab: "all", level: [], type: "", from: "", to: "", q: "", order: "" },
      filtered: false,
      problems: [],
    });
  });

  it("treats the blank fields a GET form submits as absent", () => {
    const parsed = parseFeedParams({ type: "", from: "", to: "", q: "  ", order: "", cursor: "" }, LONDON);
    expect(parsed.filters).toEqual({});
    expect(parsed.filtered).toBe(false);
    expect(parsed.problems).toEqual([]);
  });

  it("combines level, type prefix, dates, text, order, tab and cursor", () => {
    const parsed = parseFeedParams(
      {
        tab: "attention",
        level: ["error", "warning"],
        type: "order.*",
        from: "2026-07-01",
        to: "2026-07-03",
        q: "  Printify ",
        order: "#1042",
        cursor: "abc",
      },
      LONDON,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.filters).toEqual({
      level: ["warning", "error"],
      type: "order.*",
      from: new Date("2026-06-30T23:00:00.000Z"),
      to: new Date("2026-07-03T23:00:00.000Z"),
      q: "Printify",
      needsAttention: true,
    });
    expect(parsed.orderNumber).toBe(1042);
    expect(parsed.cursor).toBe("abc");
    expect(parsed.filtered).toBe(true);
    expect(parsed.values).toEqual({
      tab: "attention",
      level: ["error", "warning"],
      type: "order.*",
      from: "2026-07-01",
      to: "2026-07-03",
      q: "Printify",
      order: "1042",
    });
    // What the page hands to listActivity is valid there too.
    expect(ActivityFilters.safeParse(parsed.filters).success).toBe(true);
  });

  it("accepts levels as repeated params or comma-separated, without duplicates", () => {
    expect(parseFeedParams({ level: "error,info" }, LONDON).filters.level).toEqual(["info", "error"]);
    expect(parseFeedParams({ level: ["error", "error"] }, LONDON).values.level).toEqual(["error"]);
  });

  it("does not filter when every level is ticked, but keeps them ticked", () => {
    const parsed = parseFeedParams({ level: ["info", "warning", "error"] }, LONDON);
    expect(parsed.filters.level).toBeUndefined();
    expect(parsed.values.level).toEqual(["info", "warning", "error"]);
  });

  it("accepts exact catalog types and group prefixes, including order emails", () => {
    for (const type of ["order.submission_failed", "order.email.*", "sync.*", "abandoned_cart.recovered"]) {
      const parsed = parseFeedParams({ type }, LONDON);
      expect(parsed.problems).toEqual([]);
      expect(parsed.filters.type).toBe(type);
    }
  });

  it("accepts 1042 and #1042 as an order number", () => {
    expect(parseFeedParams({ order: "1042" }, LONDON).orderNumber).toBe(1042);
    expect(parseFeedParams({ order: "#1042" }, LONDON).orderNumber).toBe(1042);
    expect(parseFeedParams({ order: " # 7 " }, LONDON).orderNumber).toBe(7);
  });

  it("takes the first value of a repeated single-value param", () => {
    expect(parseFeedParams({ q: ["first", "second"] }, LONDON).filters.q).toBe("first");
  });

  describe("dates in the store's time zone", () => {
    it("starts `from` at local midnight in London summer time (BST, UTC+1)", () => {
      const { filters } = parseFeedParams({ from: "2026-07-01" }, LONDON);
      expect(filters.from).toEqual(new Date("2026-06-30T23:00:00.000Z"));
    });

    it("makes `to` include the whole of its day (an exclusive bound at the next local midnight)", () => {
      const { filters } = parseFeedParams({ from: "2026-07-01", to: "2026-07-01" }, LONDON);
      expect(filters.from).toEqual(new Date("2026-06-30T23:00:00.000Z"));
      expect(filters.to).toEqual(new Date("2026-07-01T23:00:00.000Z"));
      // 23:59:59 on 1 July in London is inside; midnight of 2 July is not (listActivity uses `<`).
      const lastSecond = new Date("2026-07-01T22:59:59.999Z");
      expect(lastSecond < filters.to!).toBe(true);
      expect(new Date("2026-07-01T23:00:00.000Z") < filters.to!).toBe(false);
    });

    it("uses GMT in London winter and handles the clocks changing", () => {
      expect(parseFeedParams({ from: "2026-01-15" }, LONDON).filters.from).toEqual(
        new Date("2026-01-15T00:00:00.000Z"),
      );
      // Clocks go forward on 29 March 2026: that day starts in GMT and ends in BST (23 hours).
      const spring = parseFeedParams({ from: "2026-03-29", to: "2026-03-29" }, LONDON).filters;
      expect(spring.from).toEqual(new Date("2026-03-29T00:00:00.000Z"));
      expect(spring.to).toEqual(new Date("2026-03-29T23:00:00.000Z"));
      // Clocks go back on 25 October 2026: a 25-hour day.
      const autumn = parseFeedParams({ from: "2026-10-25", to: "2026-10-25" }, LONDON).filters;
      expect(autumn.from).toEqual(new Date("2026-10-24T23:00:00.000Z"));
      expect(autumn.to).toEqual(new Date("2026-10-26T00:00:00.000Z"));
    });

    it("uses the store's zone, not the server's", () => {
      expect(parseFeedParams({ from: "2026-07-01" }, "America/New_York").filters.from).toEqual(
        new Date("2026-07-01T04:00:00.000Z"),
      );
      expect(parseFeedParams({ to: "2026-07-01" }, "Asia/Kolkata").filters.to).toEqual(
        new Date("2026-07-01T18:30:00.000Z"),
      );
    });

    it("starts a day whose midnight is skipped at the first time that exists", () => {
      // Chile moves from -04 to -03 at local midnight on 6 September 2026: the day starts at 01:00.
      expect(startOfDayInZone("2026-09-06", "America/Santiago")).toEqual(
        new Date("2026-09-06T04:00:00.000Z"),
      );
    });

    it("carries `to` across month and year ends", () => {
      expect(parseFeedParams({ to: "2026-12-31" }, "UTC").filters.to).toEqual(
        new Date("2027-01-01T00:00:00.000Z"),
      );
      expect(parseFeedParams({ to: "2028-02-28" }, "UTC").filters.to).toEqual(
        new Date("2028-02-29T00:00:00.000Z"),
      );
    });

    it("falls back to UTC for a time zone the runtime does not know, instead of throwing", () => {
      expect(parseFeedParams({ from: "2026-07-01" }, "Mars/Olympus").filters.from).toEqual(
        new Date("2026-07-01T00:00:00.000Z"),
      );
    });
  });

  describe("bad values become problems and are ignored", () => {
    it("an unknown level, keeping the good ones", () => {
      const parsed = parseFeedParams({ level: ["error", "critical"] }, LONDON);
      expect(parsed.filters.level).toEqual(["error"]);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toContain("“critical”");
      expect(parsed.problems[0]).toContain("info, warning or error");
    });

    it("an unknown or malformed event type", () => {
      for (const type of ["order.teleported", "nothing.*", "order.", "'; drop table", "webhook.ignored"]) {
        const parsed = parseFeedParams({ type }, LONDON);
        expect(parsed.filters.type).toBeUndefined();
        expect(parsed.values.type).toBe("");
        expect(parsed.problems).toEqual([expect.stringContaining("Unknown event type")]);
      }
    });

    it("accepts integrations' own types: all of them, or one", () => {
      for (const type of ["custom.*", "custom.invoice_sent", "custom.helpdesk.ticket_closed"]) {
        const parsed = parseFeedParams({ type }, LONDON);
        expect(parsed.problems).toEqual([]);
        expect(parsed.filters.type).toBe(type);
        expect(parsed.values.type).toBe(type);
      }
      for (const type of ["custom", "custom.", "custom.Invoice", "custom.a*"]) {
        expect(parseFeedParams({ type }, LONDON).problems, type).toEqual([
          expect.stringContaining("Unknown event type"),
        ]);
      }
    });

    it("a date that is not a real calendar date", () => {
      for (const from of ["yesterday", "2026-02-30", "2026-13-01", "2026-7-1", "01/07/2026"]) {
        const parsed = parseFeedParams({ from, to: "2026-07-10" }, LONDON);
        expect(parsed.filters.from).toBeUndefined();
        expect(parsed.filters.to).toEqual(new Date("2026-07-10T23:00:00.000Z"));
        expect(parsed.values.from).toBe("");
        expect(parsed.problems).toEqual([expect.stringContaining("is not a date")]);
      }
    });

    it("a range that ends before it starts", () => {
      const parsed = parseFeedParams({ from: "2026-07-10", to: "2026-07-01" }, LONDON);
      expect(parsed.filters.from).toBeUndefined();
      expect(parsed.filters.to).toBeUndefined();
      expect(parsed.problems).toEqual([expect.stringContaining("ends (2026-07-01) before it starts")]);
    });

    it("an order that is not a number", () => {
      for (const order of ["abc", "#", "-5", "0", "10.5", "1234567890"]) {
        const parsed = parseFeedParams({ order }, LONDON);
        expect(parsed.orderNumber).toBeNull();
        expect(parsed.problems).toEqual([expect.stringContaining("is not an order number")]);
      }
    });

    it("search text that is too long", () => {
      const parsed = parseFeedParams({ q: "x".repeat(201) }, LONDON);
      expect(parsed.filters.q).toBeUndefined();
      expect(parsed.problems).toEqual([expect.stringContaining("longer than 200")]);
    });

    it("several at once, one sentence each, while the good fields still apply", () => {
      const parsed = parseFeedParams(
        { level: "loud", type: "bogus", from: "soon", order: "x", q: "refund" },
        LONDON,
      );
      expect(parsed.problems).toHaveLength(4);
      expect(parsed.filters).toEqual({ q: "refund" });
    });
  });
});

describe("feedTypeGroups", () => {
  it("groups every visible catalog type by domain, with order emails on their own", () => {
    expect(feedTypeGroups.map((g) => g.label)).toEqual([
      "Orders",
      "Emails",
      "Staff emails",
      "Sync",
      "Carts",
      "Sign-in",
      "Webhooks",
      "Jobs",
      "Products",
      "Settings",
      "Members",
      "Customers",
      "Activity log",
    ]);
    const orders = feedTypeGroups[0]!;
    expect(orders.prefix).toEqual({ value: "order.*", label: "All order events" });
    expect(orders.types.some((t) => t.value.startsWith("order.email."))).toBe(false);
    expect(orders.types).toContainEqual({ value: "order.submission_failed", label: "Submission failed" });
    expect(feedTypeGroups[1]!.prefix.value).toBe("order.email.*");
    const offered = feedTypeGroups.flatMap((g) => g.types.map((t) => t.value)).sort();
    const visible = Object.entries(catalog)
      .filter(([, d]) => d.visibility !== "debug")
      .map(([t]) => t)
      .sort();
    expect(offered).toEqual(visible);
  });
});

describe("feedHref", () => {
  const none = { tab: "all", level: [], type: "", from: "", to: "", q: "", order: "" } as const;

  it("is the bare feed without filters", () => {
    expect(feedHref({ ...none, level: [] })).toBe("/admin/activity");
  });

  it("keeps the tab, every filter and the cursor, in the form's own shape", () => {
    const href = feedHref(
      { ...none, tab: "attention", level: ["error", "warning"], type: "order.*", q: "a b", order: "1042" },
      { cursor: "xyz" },
    );
    expect(href).toBe(
      "/admin/activity?tab=attention&level=error&level=warning&type=order.*&q=a+b&order=1042&cursor=xyz",
    );
  });

  it("round-trips through parseFeedParams", () => {
    const values = {
      tab: "attention",
      level: ["warning"],
      type: "sync.failed",
      from: "2026-07-01",
      to: "2026-07-02",
      q: "Printify",
      order: "1042",
    } as const;
    const href = feedHref({ ...values, level: [...values.level] }, { cursor: "c1" });
    const search = new URL(href, "http://x").searchParams;
    const params: Record<string, string | string[]> = {};
    for (const key of new Set(search.keys())) {
      const all = search.getAll(key);
      params[key] = all.length > 1 ? all : all[0]!;
    }
    const parsed = parseFeedParams(params, LONDON);
    expect(parsed.values).toEqual(values);
    expect(parsed.cursor).toBe("c1");
  });
});
