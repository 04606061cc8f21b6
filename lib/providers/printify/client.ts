import type { z } from "zod";
import { parsePrintifyTime } from "./parse-printify-time";
import { PrintifyError, printifyErrorFromFailure, printifyErrorFromResponse } from "./printify-error";
import {
  PrintifyOrder,
  type PrintifyPage,
  PrintifyProduct,
  pageOf,
  SubmitOrderInput,
  SubmitOrderResponse,
} from "./types";

export type PrintifyClientOptions = {
  /** e.g. https://api.printify.com, or the sandbox's …/api/sandbox/printify */
  baseUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

export type PrintifyClient = ReturnType<typeof createPrintifyClient>;
type Paging = { page: number; limit: number };

/** `findOrderByExternalId` reads the shop's orders newest first, in pages of this size. */
const FIND_PAGE_SIZE = 50;
/** Clock skew allowed between us and Printify when a search stops at an attempt's start. */
const FIND_SKEW_MS = 10 * 60_000;

/**
 * A typed client for the part of Printify's API the shop uses. Every call is bounded by
 * `timeoutMs` (body included) and fails only with a `PrintifyError`; responses are checked
 * against tolerant schemas, so a shape we cannot use is an `unexpected_response`, not a crash
 * further down.
 */
export function createPrintifyClient(options: PrintifyClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;

  async function call<T extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<z.infer<T>> {
    let status: number;
    let text: string;
    try {
      const response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          "User-Agent": "Storyline",
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw printifyErrorFromFailure(error, options.timeoutMs);
    }
    const json = parseJson(text);
    if (status < 200 || status >= 300) throw printifyErrorFromResponse(status, json ?? text);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new PrintifyError(
        "unexpected_response",
        `Printify sent an unexpected response${where}: ${issue?.message ?? "not JSON"}`,
        status,
        false,
      );
    }
    return parsed.data;
  }

  const shop = (shopId: string) => `/v1/shops/${encodeURIComponent(shopId)}`;
  const order = (shopId: string, orderId: string) => `${shop(shopId)}/orders/${encodeURIComponent(orderId)}`;

  function listOrders(shopId: string, page: Paging): Promise<PrintifyPage<PrintifyOrder>> {
    const query = `page=${page.page}&limit=${page.limit}`;
    return call("GET", `${shop(shopId)}/orders.json?${query}`, pageOf(PrintifyOrder));
  }

  /**
   * The shop's orders, newest first, page by page until a page holds only orders created
   * before `createdSince` (an order without a creation time is never taken as older), or to
   * the last page without one. Exact whatever the shop's size.
   */
  async function* ordersNewestFirst(shopId: string, options: { createdSince?: number | null } = {}) {
    const since = options.createdSince ?? null;
    for (let page = 1; ; page++) {
      const result = await listOrders(shopId, { page, limit: FIND_PAGE_SIZE });
      yield* result.data;
      if (result.data.length === 0 || page >= result.last_page) return;
      if (since !== null && result.data.every((o) => isOlderThan(o.created_at, since))) return;
    }
  }

  return {
    /** Creates the order (status on-hold). Printify does not dedupe: check `findOrderByExternalId` first. */
    submitOrder(shopId: string, input: SubmitOrderInput): Promise<{ id: string }> {
      const body = SubmitOrderInput.safeParse(input);
      if (!body.success) {
        const issue = body.error.issues[0];
        const message = `Order is not valid for Printify: ${issue?.path.join(".")}: ${issue?.message}`;
        return Promise.reject(new PrintifyError("invalid_request", message, null, false));
      }
      return call("POST", `${shop(shopId)}/orders.json`, SubmitOrderResponse, body.data);
    },

    getOrder(shopId: string, orderId: string): Promise<PrintifyOrder> {
      return call("GET", `${order(shopId, orderId)}.json`, PrintifyOrder);
    },

    /** Newest first. */
    listOrders,

    /** Newest first, until a page holds only orders older than `createdSince`. */
    ordersNewestFirst,

    /**
     * The order we submitted with this `external_id` (Printify echoes it as `external_id` or
     * `metadata.shop_order_id`), or null if there is none. It reads back to `createdSince` (the
     * start of our first attempt, less a margin for clock skew: the order cannot be older).
     */
    async findOrderByExternalId(
      shopId: string,
      externalId: string,
      options: { createdSince?: Date | null } = {},
    ): Promise<PrintifyOrder | null> {
      const since = options.createdSince ? options.createdSince.getTime() - FIND_SKEW_MS : null;
      for await (const o of ordersNewestFirst(shopId, { createdSince: since }))
        if (o.external_id === externalId || o.metadata?.shop_order_id === externalId) return o;
      return null;
    },

    sendToProduction(shopId: string, orderId: string): Promise<PrintifyOrder> {
      return call("POST", `${order(shopId, orderId)}/send_to_production.json`, PrintifyOrder, {});
    },

    /** Only on-hold and payment-not-received orders can be cancelled (otherwise invalid_request). */
    cancelOrder(shopId: string, orderId: string): Promise<PrintifyOrder> {
      return call("POST", `${order(shopId, orderId)}/cancel.json`, PrintifyOrder, {});
    },

    listProducts(shopId: string, page: Paging): Promise<PrintifyPage<PrintifyProduct>> {
      const query = `page=${page.page}&limit=${page.limit}`;
      return call("GET", `${shop(shopId)}/products.json?${query}`, pageOf(PrintifyProduct));
    },
  };
}

/** True when Printify's `created_at` is known and before `ms`; an order without one is never skipped. */
function isOlderThan(createdAt: string | null | undefined, ms: number): boolean {
  const at = parsePrintifyTime(createdAt);
  return at !== null && at.getTime() < ms;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
