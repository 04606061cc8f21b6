import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxEmails } from "@/db/schema";
import { listOutbox } from "@/lib/email/list-outbox";
import { sendMail } from "@/lib/email/send-mail";
import { createStore, expectAppError } from "@/tests/helpers/activity-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-database";
import { createOrder, mailConfig } from "./email-fixtures";

let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.dispose();
});

describe("listOutbox", () => {
  it("pages a store's outbox newest first, with the order number, and never shows another store's mail", async () => {
    const storeId = await createStore(handle.db);
    const otherStore = await createStore(handle.db);
    const order = await createOrder(handle.db, storeId);
    const base = Date.parse("2025-03-01T10:00:00Z");
    // Two mails share a timestamp: the id breaks the tie.
    const times = [0, 60_000, 60_000, 120_000, 180_000];
    for (const [i, offset] of times.entries()) {
      await handle.db.insert(outboxEmails).values({
        storeId,
        orderId: i === 4 ? order.id : null,
        kind: i === 4 ? "confirmation" : "abandoned_cart",
        from: "Shop <orders@storyline.test>",
        to: `c${i}@example.com`,
        subject: `Mail ${i}`,
        text: "Hello",
        sentAt: new Date(base + offset),
      });
    }
    await sendMail(
      handle.db,
      {
        storeId: otherStore,
        kind: "shipping",
        to: "x@example.com",
        subject: "Theirs",
        text: "t",
        html: "<p>t</p>",
      },
      { config: mailConfig(null) },
    );

    const first = await listOutbox(handle.db, storeId, { limit: 2 });
    expect(first.items.map((m) => m.subject)).toEqual(["Mail 4", "Mail 3"]);
    expect(first.items[0]).toMatchObject({ orderId: order.id, orderNumber: order.number });
    expect(first.items[1]!.orderNumber).toBeNull();

    const second = await listOutbox(handle.db, storeId, { limit: 2, before: first.nextCursor });
    expect(second.items.map((m) => m.subject)).toEqual(["Mail 2", "Mail 1"]);
    const third = await listOutbox(handle.db, storeId, { limit: 2, before: second.nextCursor });
    expect(third.items.map((m) => m.subject)).toEqual(["Mail 0"]);
    expect(third.nextCursor).toBeNull();

    const theirs = await listOutbox(handle.db, otherStore, { limit: 10 });
    expect(theirs.items.map((m) => m.subject)).toEqual(["Theirs"]);
    // Another store's cursor reveals nothing.
    expect((await listOutbox(handle.db, otherStore, { before: first.nextCursor })).items).toEqual([]);
    await expectAppError(listOutbox(handle.db, storeId, { before: "not-a-cursor" }), 400, "invalid_cursor");
  });
});
