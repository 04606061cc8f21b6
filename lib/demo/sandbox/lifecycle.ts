import { randomInt } from "node:crypto";
import { deliverWebhook, orderEvent, type PrintifyWebhookEvent } from "./deliver-webhook";
import { takeFault } from "./faults";
import { printifyTime } from "./sandbox-http";
import { type SandboxOrder, type SandboxState, schedule } from "./sandbox-state";

/**
 * Plays an order's life after `send_to_production` (status "sending-to-production"):
 *
 * - after 1 step: status "in-production", webhook `order:sent-to-production` `{ shop_id }`;
 * - after 2 steps: status "fulfilled" with a shipment, webhook `order:shipment:created`
 *   `{ shop_id, shipped_at, carrier: { code, tracking_number }, skus }`;
 * - after 3 steps: the shipment's `delivered_at`, webhook `order:shipment:delivered`
 *   `{ shop_id, delivered_at, carrier: { code, tracking_number }, skus }`.
 *
 * The order's state moves on time whatever happens to the webhooks. Webhooks are delivered one
 * after another (a retry holds back the next), unless the customer's faults say otherwise:
 * `webhooks_out_of_order` holds all three and delivers them newest first after the last step;
 * `webhooks_duplicate` delivers each twice; `webhooks_bad_signature` signs that many
 * deliveries wrongly before their redelivery. A cancelled or reset order stops here.
 */
export function startLifecycle(state: SandboxState, order: SandboxOrder) {
  const { stepMs, now } = state.deps;
  const email = order.address_to.email;
  const signal = state.abort.signal;
  const outOfOrder = takeFault(email, "webhooks_out_of_order");
  const shopId = /^\d+$/.test(order.shopId) ? Number(order.shopId) : order.shopId;
  const skus = order.line_items.map((item) => item.metadata.sku);
  const carrier = { code: "royal-mail", tracking_number: `RM${randomInt(100_000_000, 999_999_999)}GB` };
  const held: PrintifyWebhookEvent[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const deliver = async (event: PrintifyWebhookEvent) => {
    const times = takeFault(email, "webhooks_duplicate") ? 2 : 1;
    for (let i = 0; i < times; i++) {
      const badSignature = takeFault(email, "webhooks_bad_signature");
      await deliverWebhook(state, order.shopId, event, { badSignature, signal });
    }
  };
  const emit = (event: PrintifyWebhookEvent, last: boolean) => {
    if (outOfOrder) held.push(event);
    const events = !outOfOrder ? [event] : last ? held.reverse() : [];
    for (const e of events) queue = queue.then(() => deliver(e));
  };
  const live = (status: SandboxOrder["status"]) => order.status === status && state.orders.includes(order);

  schedule(state, stepMs, () => {
    if (!live("sending-to-production")) return;
    const at = now();
    order.status = "in-production";
    order.sent_to_production_at = printifyTime(at);
    for (const item of order.line_items) {
      item.status = "in-production";
      item.sent_to_production_at = printifyTime(at);
    }
    emit(orderEvent("order:sent-to-production", order.id, { shop_id: shopId }, at), false);
  });

  schedule(state, 2 * stepMs, () => {
    if (!live("in-production")) return;
    const at = now();
    order.status = "fulfilled";
    order.fulfilled_at = printifyTime(at);
    order.shipments.push({
      carrier: carrier.code,
      number: carrier.tracking_number,
      url: `https://www.royalmail.com/track-your-item#/tracking-results/${carrier.tracking_number}`,
      delivered_at: null,
    });
    for (const item of order.line_items) {
      item.status = "fulfilled";
      item.fulfilled_at = printifyTime(at);
    }
    const data = { shop_id: shopId, shipped_at: printifyTime(at), carrier, skus };
    emit(orderEvent("order:shipment:created", order.id, data, at), false);
  });

  schedule(state, 3 * stepMs, () => {
    if (!live("fulfilled")) return;
    const at = now();
    const shipment = order.shipments[0];
    if (shipment) shipment.delivered_at = printifyTime(at);
    const data = { shop_id: shopId, delivered_at: printifyTime(at), carrier, skus };
    emit(orderEvent("order:shipment:delivered", order.id, data, at), true);
  });
}
