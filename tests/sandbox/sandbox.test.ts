import { timingSafeEqual } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import type { PrintifyWebhookEvent } from "@/lib/demo/sandbox/deliver-webhook";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { sandboxCatalogue } from "@/lib/demo/sandbox/sandbox-catalogue";
import { signPrintifyWebhook } from "@/lib/demo/sandbox/sign-printify-webhook";
import { planDemoData } from "@/lib/demo/seed/plan-demo";
import { createPrintifyClient } from "@/lib/providers/printify/client";
import type { SubmitOrderInput } from "@/lib/providers/printify/types";
import { type ServedHandler, serveFetchHandler } from "../helpers/serve-fetch-handler";

const SECRET = "printify-test-secret";
const SHOP = "shop-1";
type Delivery = { event: PrintifyWebhookEvent; valid: boolean; status: number };

let sandbox: Sandbox;
let served: ServedHandler;
let receiver: ServedHandler;
const deliveries: Delivery[] = [];
/** How many of the next deliveries the receiver answers with 500. */
let failNext = 0;

beforeAll(async () => {
  // A webhook endpoint like the app's: verifies the signature, answers 400 when it is wrong.
  receiver = await serveFetchHandler(async (request) => {
    const body = await request.text();
    const expected = Buffer.from(signPrintifyWebhook(SECRET, body));
    const given = Buffer.from(request.headers.get("x-pfy-signature") ?? "");
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    const status = !valid ? 400 : failNext-- > 0 ? 500 : 200;
    deliveries.push({ event: JSON.parse(body), valid, status });
    return new Response(null, { status });
  });
  sandbox = createSandbox({
    stepMs: 20,
    resolveShop: async (shopId) =>
      shopId === SHOP ? { webhookUrl: `${receiver.url}/hook`, secret: SECRET } : null,
  });
  served = await serveFetchHandler((request) => sandbox.handle(request));
});

afterEach(() => {
  clearFaults();
  sandbox.reset();
  deliveries.length = 0;
  failNext = 0;
});

afterAll(async () => {
  sandbox.close();
  await served.close();
  await receiver.close();
});

const client = () => createPrintifyClient({ baseUrl: `${served.url}/printify`, token: "t", timeoutMs: 2000 });

function orderInput(email: string, externalId = `ord-${Math.random()}`): SubmitOrderInput {
  return {
    external_id: externalId,
    line_items: [{ sku: "TEE-001-SAN-M", quantity: 2 }],
    shipping_method: 1,
    send_shipping_notification: false,
    address_to: {
      first_name: "Ada",
      last_name: "Lovelace",
      email,
      country: "GB",
      address1: "1 High St",
      city: "London",
      zip: "N1 1AA",
    },
  };
}

async function submitAndProduce(email: string) {
  const { id } = await client().submitOrder(SHOP, orderInput(email));
  await client().sendToProduction(SHOP, id);
  return id;
}

async function waitFor(condition: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until)
      throw new Error(
        `timed out; deliveries: ${JSON.stringify(deliveries.map((d) => [d.event.type, d.status]))}`,
      );
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The deliveries about one order (a delivery cut off by the previous test's reset may still land). */
const about = (orderId: string) => deliveries.filter((d) => d.event.resource.id === orderId);
const accepted = (orderId: string) => about(orderId).filter((d) => d.status === 200);
const TYPES = ["order:sent-to-production", "order:shipment:created", "order:shipment:delivered"];

describe("order lifecycle webhooks", () => {
  it("delivers signed webhooks in order while the order moves on", async () => {
    const id = await submitAndProduce("ada@example.com");
    await waitFor(() => accepted(id).length === 3);
    await new Promise((r) => setTimeout(r, 60));

    expect(about(id).every((d) => d.valid)).toBe(true);
    expect(about(id).map((d) => d.event.type)).toEqual(TYPES);
    const [produced, shipped, delivered] = about(id).map((d) => d.event);
    expect(new Set(about(id).map((d) => d.event.id)).size).toBe(3);
    expect(produced!.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/);
    expect(produced!.resource).toEqual({ id, type: "order", data: { shop_id: SHOP } });
    expect(shipped!.resource.data).toMatchObject({
      shop_id: SHOP,
      shipped_at: expect.stringMatching(/\+00:00$/),
      carrier: { code: "royal-mail", tracking_number: expect.stringMatching(/^RM\d{9}GB$/) },
      skus: ["TEE-001-SAN-M"],
    });
    expect(delivered!.resource.data).toMatchObject({
      delivered_at: expect.any(String),
      skus: ["TEE-001-SAN-M"],
    });

    const order = await client().getOrder(SHOP, id);
    expect(order.status).toBe("fulfilled");
    expect(order.shipments).toEqual([
      expect.objectContaining({ carrier: "royal-mail", delivered_at: expect.any(String) }),
    ]);
    expect(order.sent_to_production_at).toBeTruthy();
  });

  it("redelivers the same event after a 5xx", async () => {
    failNext = 1;
    const id = await submitAndProduce("retry@example.com");
    await waitFor(() => accepted(id).length === 3);
    expect(about(id).map((d) => d.status)).toEqual([500, 200, 200, 200]);
    expect(about(id)[0]!.event.id).toBe(about(id)[1]!.event.id);
  });

  it("webhooks_duplicate delivers every event twice", async () => {
    setFaults("dup@example.com", { webhooks_duplicate: true });
    const id = await submitAndProduce("dup@example.com");
    await waitFor(() => accepted(id).length === 6);
    const ids = about(id).map((d) => d.event.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(ids[1]);
    expect(about(id).map((d) => d.event.type)).toEqual(TYPES.flatMap((t) => [t, t]));
  });

  it("webhooks_out_of_order delivers newest first, after the last step", async () => {
    setFaults("ooo@example.com", { webhooks_out_of_order: true });
    const id = await submitAndProduce("ooo@example.com");
    await waitFor(() => accepted(id).length === 3);
    expect(about(id).map((d) => d.event.type)).toEqual([...TYPES].reverse());
  });

  it("webhooks_bad_signature: rejected deliveries are redelivered correctly signed", async () => {
    setFaults("sig@example.com", { webhooks_bad_signature: 2 });
    const id = await submitAndProduce("sig@example.com");
    await waitFor(() => accepted(id).length === 3);
    expect(about(id).map((d) => [d.event.type, d.valid])).toEqual([
      [TYPES[0], false],
      [TYPES[0], true],
      [TYPES[1], false],
      [TYPES[1], true],
      [TYPES[2], true],
    ]);
  });

  it("reset cancels pending steps and redeliveries", async () => {
    failNext = 100;
    const id = await submitAndProduce("reset@example.com");
    await waitFor(() => about(id).length > 0);
    sandbox.reset();
    const seen = about(id).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(about(id).length).toBeLessThanOrEqual(seen + 1);
    expect(sandbox.orders()).toHaveLength(0);
  });

  it("a cancelled order has no lifecycle; only on-hold orders can be cancelled", async () => {
    const { id } = await client().submitOrder(SHOP, orderInput("cancel@example.com"));
    expect((await client().cancelOrder(SHOP, id)).status).toBe("canceled");
    await expect(client().sendToProduction(SHOP, id)).rejects.toMatchObject({ code: "invalid_request" });
    const produced = await submitAndProduce("cancel@example.com");
    await expect(client().cancelOrder(SHOP, produced)).rejects.toMatchObject({
      code: "invalid_request",
      status: 400,
    });
  });
});

describe("Printify endpoints", () => {
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = { authorization: "Bearer t" },
  ) =>
    fetch(`${served.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers 401 without a bearer token", async () => {
    const response = await fetch(`${served.url}/printify/v1/shops/${SHOP}/orders.json`);
    expect(response.status).toBe(401);
  });

  it("rejects an invalid order with a Printify-style 400", async () => {
    const response = await post(`/printify/v1/shops/${SHOP}/orders.json`, {
      ...orderInput("x@example.com"),
      line_items: [],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      status: "error",
      message: "Validation failed.",
      errors: { reason: expect.stringContaining("line_items") },
    });
  });

  it("does not dedupe: the same external_id twice makes two orders", async () => {
    const input = orderInput("twice@example.com", "same-id");
    const first = await client().submitOrder(SHOP, input);
    const second = await client().submitOrder(SHOP, input);
    expect(first.id).not.toBe(second.id);
    expect(first.id).toMatch(/^[0-9a-f]{24}$/);
    expect(sandbox.orders().filter((o) => o.external_id === "same-id")).toHaveLength(2);
  });

  it("accepts paths under /api/sandbox as the Next route passes them", async () => {
    const response = await sandbox.handle(
      new Request(`http://localhost/api/sandbox/printify/v1/shops/${SHOP}/products.json?limit=2`, {
        headers: { authorization: "Bearer t" },
      }),
    );
    expect((await response.json()).data).toHaveLength(2);
  });

  it("serves the demo seed's catalogue with one changed and three new products", () => {
    const seeded = planDemoData(new Date()).demo.products;
    const catalogue = sandboxCatalogue("demo-shop-1");
    const byId = new Map(catalogue.map((p) => [p.id, p]));
    expect(catalogue).toHaveLength(seeded.length + 3);
    const changed = seeded.filter((plan) => {
      const product = byId.get(plan.row.providerProductId!);
      expect(product?.variants.map((v) => v.sku)).toEqual(plan.variants.map((v) => v.sku));
      return (
        product!.title !== plan.row.title ||
        product!.variants.some((v, i) => v.price !== plan.variants[i]!.priceAmount)
      );
    });
    expect(changed).toHaveLength(1);
  });
});

describe("control endpoints", () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${served.url}/control${path}`, {
      method: body === undefined ? "GET" : "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("rejects bad fault settings with 400 and a message", async () => {
    for (const body of [
      { email: "not-an-email", faults: {} },
      { email: "a@example.com", faults: { submit_503: -1 } },
      { email: "a@example.com", faults: { no_such_fault: true } },
    ]) {
      const response = await control("/faults", body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBeTruthy();
    }
  });

  it("sets faults, lists orders and resets", async () => {
    expect((await control("/faults", { email: "B@Example.com", faults: { submit_503: 1 } })).status).toBe(
      200,
    );
    await expect(client().submitOrder(SHOP, orderInput("b@example.com"))).rejects.toMatchObject({
      code: "unavailable",
    });
    await client().submitOrder(SHOP, orderInput("b@example.com"));
    expect((await (await control("/orders")).json()).data).toHaveLength(1);
    expect((await control("/reset", {})).status).toBe(200);
    expect(sandbox.orders()).toHaveLength(0);
  });
});
