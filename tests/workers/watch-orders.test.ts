import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveEvents } from "@/lib/activity";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import type { JobQueue } from "@/lib/jobs/queue";
import { submitOrder } from "@/lib/orders/submit-order";
import { watchOrders } from "@/lib/orders/watch-orders";
import type { Config } from "@/lib/platform/config";
import { rowsOfStore } from "@/tests/helpers/activity-fixtures";
import { createShopStore, type ShopStore } from "@/tests/helpers/producer-fixtures";
import type { TestDatabase } from "@/tests/helpers/test-database";
import {
  insertPaidOrder,
  jobContext,
  openWorkerEnvironment,
  orderRows,
  typesOf,
  type WorkerEnvironment,
} from "./worker-fixtures";

let env: WorkerEnvironment;
let handle: TestDatabase;
let queue: JobQueue;
let store: ShopStore;
let config: Config;

beforeAll(async () => {
  env = await openWorkerEnvironment({
    env: () => ({
      STUCK_UNSUBMITTED_MINUTES: "30",
      STUCK_IN_PRODUCTION_DAYS: "10",
      SUBMISSION_MAX_ATTEMPTS: "1",
    }),
  });
  ({ handle, config, queue } = env);
  store = await createShopStore(handle.db, "Watched shop");
});

beforeEach(() => {
  clearFaults();
});

afterAll(async () => {
  await env?.close();
});

// Runs on both drivers: postgres.js once rejected the watchdog's raw Date parameter.
const itOnEitherDriver = it;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const DAY = 24 * 60;
const watch = () => watchOrders({}, jobContext(handle, queue, config));
const rowsOf = (orderId: string) => orderRows(handle, store.id, orderId);

describe("watchdog", () => {
  itOnEitherDriver(
    "warns once per stuck order and stage, skips orders already flagged, and the warning resolves when the order moves on",
    async () => {
      const late = await insertPaidOrder(handle, store, "late@example.com", { placedAt: ago(45) });
      const recent = await insertPaidOrder(handle, store, "recent@example.com", { placedAt: ago(10) });
      const failing = await insertPaidOrder(handle, store, "failing@example.com", { placedAt: ago(45) });
      const producing = await insertPaidOrder(handle, store, "producing@example.com", {
        status: "in_production",
        placedAt: ago(12 * DAY),
        statusChangedAt: ago(11 * DAY),
        providerOrderId: "pfy-producing",
      });
      const movedOn = await insertPaidOrder(handle, store, "moved@example.com", {
        status: "in_production",
        placedAt: ago(12 * DAY),
        statusChangedAt: ago(2 * DAY),
        providerOrderId: "pfy-moved",
      });

      // The failing order already shows an unresolved error: a submission that cannot succeed.
      setFaults("failing@example.com", { out_of_stock: true });
      await expect(
        submitOrder({ storeId: store.id, orderId: failing.id }, jobContext(handle, queue, config)),
      ).rejects.toThrow("variant out of stock");
      expect(typesOf(await rowsOf(failing.id))).toEqual(["order.submission_failed"]);

      expect(await watch()).toEqual({ checked: 2, warned: 2 });

      const [lateStuck, ...lateRest] = await rowsOf(late.id);
      expect(lateRest).toEqual([]);
      expect(lateStuck).toMatchObject({
        eventType: "order.stuck",
        level: "warning",
        message: "Paid but not submitted after 30 minutes",
        payload: { stage: "not_submitted", since: late.placedAt.toISOString(), thresholdMinutes: 30 },
        actorType: "system",
        actorLabel: "Watchdog",
        source: "system",
        resolvedAt: null,
      });
      const producingRows = await rowsOf(producing.id);
      expect(producingRows).toHaveLength(1);
      expect(producingRows[0]).toMatchObject({
        eventType: "order.stuck",
        level: "warning",
        message: "Still in production after 10 days",
        payload: {
          stage: "in_production",
          since: producing.statusChangedAt!.toISOString(),
          thresholdMinutes: 10 * DAY,
        },
      });
      expect(await rowsOf(recent.id)).toEqual([]);
      expect(await rowsOf(movedOn.id)).toEqual([]);
      expect(typesOf(await rowsOf(failing.id))).toEqual(["order.submission_failed"]);

      // Again: the warned orders now show a warning, so there is nothing to add.
      const before = await rowsOfStore(handle.db, store.id);
      expect(await watch()).toEqual({ checked: 0, warned: 0 });
      expect(await rowsOfStore(handle.db, store.id)).toEqual(before);

      // The late order is submitted at last: its stuck warning is resolved by the system.
      await submitOrder({ storeId: store.id, orderId: late.id }, jobContext(handle, queue, config));
      const rows = await rowsOf(late.id);
      expect(typesOf(rows)).toEqual(["order.stuck", "order.submitted"]);
      expect(rows[0]).toMatchObject({
        resolvedBy: null,
        resolutionNote: "Resolved automatically: submitted to Printify.",
      });
      expect(rows[0]!.resolvedAt).toBeInstanceOf(Date);
      // The in-production warning is another stage and stays.
      expect((await rowsOf(producing.id))[0]!.resolvedAt).toBeNull();

      expect(await watch()).toEqual({ checked: 0, warned: 0 });
      expect(typesOf(await rowsOf(late.id))).toEqual(["order.stuck", "order.submitted"]);
    },
  );

  itOnEitherDriver(
    "a stuck warning resolved by staff while the order is still stuck is not raised again",
    async () => {
      const order = await insertPaidOrder(handle, store, "ignored@example.com", { placedAt: ago(90) });
      expect((await watch()).warned).toBe(1);
      const [stuck] = await rowsOf(order.id);
      const staff = randomUUID();
      await resolveEvents(
        handle.db,
        { storeId: store.id, userId: staff },
        { ids: [stuck!.id], note: "The customer asked us to wait" },
      );
      expect(await watch()).toEqual({ checked: 1, warned: 0 });
      const rows = await rowsOf(order.id);
      expect(typesOf(rows)).toEqual(["order.stuck"]);
      expect(rows[0]).toMatchObject({ resolvedBy: staff, resolutionNote: "The customer asked us to wait" });
    },
  );
});
