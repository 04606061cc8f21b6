import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "@/lib/demo/sandbox/create-sandbox";
import { clearFaults, setFaults } from "@/lib/demo/sandbox/faults";
import { parseConfig } from "@/lib/platform/config";
import { createPrintifyClient } from "@/lib/providers/printify/client";
import { getPrintifyClient } from "@/lib/providers/printify/get-printify-client";
import { PrintifyError } from "@/lib/providers/printify/printify-error";
import type { SubmitOrderInput } from "@/lib/providers/printify/types";
import { type ServedHandler, serveFetchHandler } from "../helpers/serve-fetch-handler";

const SHOP = "demo-shop-1";
let sandbox: Sandbox;
let served: ServedHandler;

beforeAll(async () => {
  sandbox = createSandbox({ stepMs: 20, resolveShop: async () => null });
  served = await serveFetchHandler((request) => sandbox.handle(request));
});

afterEach(() => {
  clearFaults();
  sandbox.reset();
});

afterAll(async () => {
  sandbox.close();
  await served.close();
});

const client = (timeoutMs = 2000) =>
  createPrintifyClient({ baseUrl: `${served.url}/printify`, token: "test-token", timeoutMs });

function orderInput(email: string, externalId = crypto.randomUUID()): SubmitOrderInput {
  return {
    external_id: externalId,
    label: "1042",
    line_items: [{ sku: "TEE-001-SAN-M", quantity: 1 }],
    shipping_method: 1,
    send_shipping_notification: false,
    address_to: {
      first_name: "Grace",
      last_name: "Hopper",
      email,
      country: "GB",
      address1: "2 Low Rd",
      city: "Leeds",
      zip: "LS1 1AA",
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<PrintifyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrintifyError);
  return error as PrintifyError;
}

describe("Printify client against the sandbox", () => {
  it("submits, reads, finds by external id and sends to production", async () => {
    const input = orderInput("grace@example.com");
    const { id } = await client().submitOrder(SHOP, input);

    const order = await client().getOrder(SHOP, id);
    expect(order).toMatchObject({ id, external_id: input.external_id, status: "on-hold" });
    expect(order.line_items?.[0]).toMatchObject({ metadata: { sku: "TEE-001-SAN-M", price: 2200 } });

    expect((await client().findOrderByExternalId(SHOP, input.external_id))?.id).toBe(id);
    expect(await client().findOrderByExternalId(SHOP, "never-submitted")).toBeNull();

    expect((await client().sendToProduction(SHOP, id)).status).toBe("sending-to-production");
    await expect
      .poll(async () => (await client().getOrder(SHOP, id)).status, { timeout: 5000 })
      .toBe("fulfilled");
  });

  it("finds an older order beyond the first page", async () => {
    const first = orderInput("pages@example.com");
    const { id } = await client().submitOrder(SHOP, first);
    for (let i = 0; i < 55; i++) await client().submitOrder(SHOP, orderInput("pages@example.com"));
    const page1 = await client().listOrders(SHOP, { page: 1, limit: 50 });
    expect(page1.last_page).toBe(2);
    expect(page1.data.some((o) => o.id === id)).toBe(false);
    expect((await client().findOrderByExternalId(SHOP, first.external_id))?.id).toBe(id);
  });

  it("pages through the products", async () => {
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const result = await client().listProducts(SHOP, { page, limit: 10 });
      seen.push(...result.data.map((p) => p.id));
      for (const product of result.data) {
        expect(product.variants.length).toBeGreaterThan(0);
        expect(product.variants[0]).toMatchObject({
          id: expect.any(Number),
          sku: expect.any(String),
          price: expect.any(Number),
        });
      }
      if (page >= result.last_page) break;
      page++;
    }
    expect(page).toBe(4);
    expect(new Set(seen).size).toBe(33);
  });
});

describe("Printify errors", () => {
  it("a 503 is a retryable 'unavailable'; the next try succeeds", async () => {
    setFaults("busy@example.com", { submit_503: 1 });
    const error = await failure(client().submitOrder(SHOP, orderInput("busy@example.com")));
    expect(error).toMatchObject({
      code: "unavailable",
      status: 503,
      retryable: true,
      message: "Printify is unavailable (503)",
    });
    await expect(client().submitOrder(SHOP, orderInput("busy@example.com"))).resolves.toHaveProperty("id");
  });

  it("no answer is a retryable timeout", async () => {
    setFaults("slow@example.com", { submit_timeout: 1 });
    const started = Date.now();
    const error = await failure(client(150).submitOrder(SHOP, orderInput("slow@example.com")));
    expect(error).toMatchObject({
      code: "timeout",
      status: null,
      retryable: true,
      message: "Printify timed out after 150 ms",
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sandbox.orders()).toHaveLength(0);
  });

  it("out of stock is not retryable and names the variant", async () => {
    setFaults("gone@example.com", { out_of_stock: true });
    const error = await failure(client().submitOrder(SHOP, orderInput("gone@example.com")));
    expect(error).toMatchObject({
      code: "out_of_stock",
      status: 400,
      retryable: false,
      message: "variant out of stock: TEE-001-SAN-M",
    });
  });

  it("a missing token is unauthorized; an unknown order is not_found", async () => {
    const anonymous = createPrintifyClient({ baseUrl: `${served.url}/printify`, token: "", timeoutMs: 2000 });
    expect(await failure(anonymous.listProducts(SHOP, { page: 1, limit: 1 }))).toMatchObject({
      code: "unauthorized",
      status: 401,
      retryable: false,
    });
    expect(await failure(client().getOrder(SHOP, "0".repeat(24)))).toMatchObject({
      code: "not_found",
      retryable: false,
    });
  });

  it("an invalid order is rejected before it is sent", async () => {
    const input = {
      ...orderInput("x@example.com"),
      address_to: { ...orderInput("x@example.com").address_to, email: "nope" },
    };
    expect(await failure(client().submitOrder(SHOP, input))).toMatchObject({
      code: "invalid_request",
      status: null,
      retryable: false,
    });
    expect(sandbox.orders()).toHaveLength(0);
  });

  it("an unreachable host is a retryable network error", async () => {
    const closed = await serveFetchHandler(async () => new Response(null));
    await closed.close();
    const offline = createPrintifyClient({ baseUrl: closed.url, token: "t", timeoutMs: 2000 });
    expect(await failure(offline.getOrder(SHOP, "x"))).toMatchObject({ code: "network", retryable: true });
  });

  it("a response of the wrong shape is an unexpected_response, not retried", async () => {
    const odd = createPrintifyClient({
      baseUrl: "http://printify.invalid",
      token: "t",
      timeoutMs: 2000,
      fetch: async () => Response.json({ data: "not an order" }),
    });
    expect(await failure(odd.getOrder(SHOP, "x"))).toMatchObject({
      code: "unexpected_response",
      status: 200,
      retryable: false,
    });
  });
});

describe("getPrintifyClient", () => {
  it("uses the sandbox when it is on, and refuses to run without a token when it is off", async () => {
    const config = parseConfig({ STORYLINE_SANDBOX: "true", APP_URL: served.url });
    const page = await getPrintifyClient(config).listProducts(SHOP, { page: 1, limit: 5 });
    expect(page.data).toHaveLength(5);
    expect(() => getPrintifyClient(parseConfig({ STORYLINE_SANDBOX: "false" }))).toThrow(
      /PRINTIFY_API_TOKEN/,
    );
  });
});
