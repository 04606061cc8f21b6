import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { stores } from "@/db/schema";
import { isEventType } from "@/lib/activity/catalog/catalog";
import { sealedTimeColumns, sealedValueColumns } from "@/lib/activity/seal/sealed-row";
import type { DatabaseHandle } from "@/lib/platform/db/types";
import type { BenchTarget } from "./targets";

/** Whether `activity_log` is range-partitioned (`pg_partitioned_table`). */
export async function isPartitioned(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.query<{ partitioned: boolean }>(
    "select exists (select 1 from pg_partitioned_table where partrelid = 'activity_log'::regclass) as partitioned",
  );
  return row?.partitioned ?? false;
}

/**
 * The bench's log at size (`--size 1m|5m|20m`): rows streamed with COPY … FROM STDIN (text
 * format, two connections at once) into a fresh database, never through `logEvent`:
 *
 * - 50 stores of very different sizes (store k's share ∝ the gap between √(k/50) and √((k+1)/50):
 *   the largest has ~14% of the rows, the smallest ~0.5%);
 * - ~85% of rows are orders' timelines (created, confirmation email, submission, production,
 *   shipment and its email, delivery, with notes, address changes, failed payments, failed
 *   submissions and their retries, failed emails, refunds and cancellations now and then), the
 *   rest syncs, sign-ins, carts, products, settings and rejected webhooks;
 * - about 5% warnings and 1% errors, resolved an hour later except for half of the last two
 *   weeks' and a few older ones (the "needs attention" badge);
 * - `occurred_at` spread evenly over the last two years (an order's later steps that would lie
 *   in the future are not written yet); ids are UUIDv7 from `occurred_at`, as the app's are;
 * - every order also gets its `orders` row and two `order_items`, so its page renders.
 *
 * COPY into the parent table routes rows to partitions when activity_log is partitioned. The
 * table's secondary indexes are dropped for the load and made again from their own definitions
 * after it (on a partitioned table, the parent's index makes every partition's).
 */

/** Columns the loader leaves to their defaults: the seal's salt and the scrub's columns. */
const notLoaded: readonly string[] = ["seal_salt", "redactions", "redacted_at"];

/**
 * activity_log's columns the loader writes, in COPY order: the seal's list of the stored
 * columns (`lib/activity/seal/sealed-row.ts`) less `notLoaded`. `Generator.row` writes its
 * values in this order.
 */
export const ACTIVITY_COPY_COLUMNS = [
  ...sealedValueColumns.filter((column) => !notLoaded.includes(column)),
  ...sealedTimeColumns.filter((column) => !notLoaded.includes(column)),
];

const ORDER_COPY_COLUMNS = [
  "id",
  "store_id",
  "number",
  "status",
  "currency",
  "subtotal_amount",
  "shipping_amount",
  "tax_amount",
  "total_amount",
  "customer_email",
  "customer_name",
  "shipping_address",
  "provider_order_id",
  "status_changed_at",
  "public_token",
  "placed_at",
  "created_at",
  "updated_at",
] as const;

/** Two line items per order, made in SQL once the orders are in (their foreign key needs them committed). */
const INSERT_ITEMS = `
insert into order_items (id, store_id, order_id, title, variant_title, sku, quantity, unit_amount, total_amount)
select gen_random_uuid(), o.store_id, o.id,
       case n when 1 then 'Poster ' || o.number else 'Gift wrap' end,
       case n when 1 then 'A2 / matte' end,
       case n when 1 then 'PST-A2-M' else 'GIFT' end,
       1,
       case n when 1 then o.subtotal_amount - 100 else 100 end,
       case n when 1 then o.subtotal_amount - 100 else 100 end
from orders o cross join generate_series(1, 2) as n`;

export const SIZE_STORES = 50;
const SPAN_DAYS = 730;
const DAY = 86_400_000;
const RESOLVER = "0192f3a4-1111-7000-8000-000000000001";

export type SizeOrder = { storeId: string; orderId: string; number: number };

export type SizeLoad = {
  rows: number;
  orders: number;
  stores: { id: string; slug: string; rows: number }[];
  /** Random orders of the load (a reservoir), for the timeline and the order page. */
  sampleOrders: SizeOrder[];
  baseMs: number;
  spanDays: number;
  /** Share of rows by level, as loaded. */
  levels: Record<string, number>;
  copyMs: number;
  /** Re-creating activity_log's secondary indexes after the COPY (dropped before it: faster than keeping them up row by row). */
  indexMs: number;
  analyzeMs: number;
  rowsPerSecond: number;
};

type Kind = {
  type: string;
  level: "info" | "warning" | "error";
  entity: string;
  visibility: "internal" | "customer";
  actor: "user" | "system" | "worker" | "integration";
  label: string;
  source: "admin" | "webhook" | "worker" | "api" | "system";
};

const kind = (
  type: string,
  level: Kind["level"],
  entity: string,
  visibility: Kind["visibility"],
  actor: Kind["actor"],
  label: string,
  source: Kind["source"],
): Kind => ({ type, level, entity, visibility, actor, label, source });

const K = {
  created: kind("order.created", "info", "order", "customer", "integration", "Stripe", "webhook"),
  confirmation: kind(
    "order.email.confirmation_sent",
    "info",
    "order",
    "customer",
    "worker",
    "Email worker",
    "worker",
  ),
  submitted: kind(
    "order.submitted",
    "info",
    "order",
    "internal",
    "worker",
    "Order submission worker",
    "worker",
  ),
  production: kind("order.production", "info", "order", "customer", "integration", "Printify", "webhook"),
  note: kind("order.note_added", "info", "order", "internal", "user", "Ana", "admin"),
  updated: kind("order.updated", "info", "order", "internal", "user", "Ana", "admin"),
  shipped: kind("order.shipped", "info", "order", "customer", "integration", "Printify", "webhook"),
  shippingEmail: kind(
    "order.email.shipping_sent",
    "info",
    "order",
    "customer",
    "worker",
    "Email worker",
    "worker",
  ),
  delivered: kind("order.delivered", "info", "order", "customer", "integration", "Printify", "webhook"),
  retried: kind(
    "order.submission_retried",
    "info",
    "order",
    "internal",
    "worker",
    "Order submission worker",
    "worker",
  ),
  emailFailed: kind("order.email.failed", "error", "order", "internal", "worker", "Email worker", "worker"),
  paymentFailed: kind(
    "order.payment_failed",
    "warning",
    "order",
    "internal",
    "integration",
    "Stripe",
    "webhook",
  ),
  refunded: kind("order.refunded", "warning", "order", "customer", "integration", "Stripe", "webhook"),
  cancelled: kind("order.cancelled", "warning", "order", "customer", "user", "Ana", "admin"),
  submissionFailed: kind(
    "order.submission_failed",
    "warning",
    "order",
    "internal",
    "worker",
    "Order submission worker",
    "worker",
  ),
  syncStarted: kind("sync.started", "info", "sync", "internal", "worker", "Product sync worker", "worker"),
  syncCompleted: kind(
    "sync.completed",
    "info",
    "sync",
    "internal",
    "worker",
    "Product sync worker",
    "worker",
  ),
  syncFailed: kind("sync.failed", "error", "sync", "internal", "worker", "Product sync worker", "worker"),
  productUpdated: kind("product.updated", "info", "product", "internal", "user", "Ana", "admin"),
  login: kind("auth.login_succeeded", "info", "user", "internal", "user", "Ana", "admin"),
  loginFailed: kind("auth.login_failed", "warning", "user", "internal", "system", "Storyline", "system"),
  cartEmail: kind(
    "abandoned_cart.email_sent",
    "info",
    "cart",
    "internal",
    "worker",
    "Cart recovery worker",
    "worker",
  ),
  settings: kind("settings.updated", "info", "store", "internal", "user", "Ana", "admin"),
  webhookRejected: kind(
    "webhook.rejected",
    "warning",
    "webhook",
    "internal",
    "system",
    "Storyline",
    "system",
  ),
};

for (const k of Object.values(K))
  if (!isEventType(k.type)) throw new Error(`size-load: ${k.type} is not in the event catalog`);

/** A small fast PRNG (mulberry32), so a load is the same every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0").slice(-width);
const randHex = (r: () => number, width: number) => {
  let out = "";
  while (out.length < width) out += hex(Math.floor(r() * 0x1000000), 6);
  return out.slice(0, width);
};

/** A UUIDv7 for `ms`, unique by `seq` (its last 12 hex digits). */
function uuidv7At(ms: number, seq: number, r: () => number) {
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${randHex(r, 3)}-${"89ab"[seq & 3]}${randHex(r, 3)}-${hex(seq, 12)}`;
}

function uuidv4(r: () => number) {
  const h = randHex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(r() * 4)]}${h.slice(17, 20)}-${h.slice(20)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** COPY text format: backslash, tab and newlines escaped; null is \N. */
const field = (v: string | number | null) =>
  v === null
    ? "\\N"
    : typeof v === "number"
      ? String(v)
      : /[\\\t\n\r]/.test(v)
        ? v.replace(/[\\\t\n\r]/g, (c) =>
            c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
          )
        : v;

/** One stream of the load: every `streams`-th group from `first`, as COPY text chunks. */
class Generator {
  activity = "";
  orders = "";
  rows = 0;
  levels = { info: 0, warning: 0, error: 0 };
  private readonly r: () => number;

  constructor(
    private readonly ctx: {
      storeIds: string[];
      storeRows: number[];
      numbers: number[];
      baseMs: number;
      groups: number;
      sample: SizeOrder[];
      sampleSeen: { n: number };
    },
    private readonly stream: number,
  ) {
    this.r = prng(0x5eed + stream * 7919);
  }

  private storeIndex() {
    // √-skew: store 0 has √(1/50) ≈ 14% of the rows.
    return Math.min(SIZE_STORES - 1, Math.floor(this.r() ** 2 * SIZE_STORES));
  }

  private seq = 0;

  private row(
    store: number,
    k: Kind,
    at: number,
    opts: {
      message: string;
      orderId?: string | null;
      entityId?: string | null;
      payload: string;
      correlationId?: string | null;
      dedupe?: boolean;
    },
  ) {
    if (at > this.ctx.baseMs) return;
    const r = this.r;
    const seq = this.stream * 2 ** 40 + this.seq++;
    const problem = k.level !== "info";
    const age = this.ctx.baseMs - at;
    const unresolved = problem && (age < 14 * DAY ? r() < 0.5 : r() < 0.002);
    const resolvedAt = problem && !unresolved ? iso(at + 3_600_000) : null;
    const staff = k.actor === "user";
    const inserted = at + (k.source === "webhook" ? Math.floor(r() * 2000) : Math.floor(r() * 50));
    this.activity += [
      uuidv7At(at, seq, r),
      this.ctx.storeIds[store]!,
      k.type,
      k.level,
      field(opts.message),
      k.entity,
      opts.entityId ?? opts.orderId ?? null,
      opts.orderId ?? null,
      k.actor,
      staff ? RESOLVER : null,
      k.label,
      k.source,
      k.visibility,
      opts.payload,
      null,
      opts.correlationId ?? null,
      opts.dedupe ? `evt_${hex(seq, 14)}${randHex(r, 10)}` : null,
      staff ? "203.0.113.7" : null,
      staff ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15" : null,
      resolvedAt ? RESOLVER : null,
      null,
      iso(at),
      iso(inserted),
      resolvedAt,
    ]
      .map((v) => (v === null ? "\\N" : v))
      .join("\t");
    this.activity += "\n";
    this.rows++;
    this.levels[k.level]++;
    this.ctx.storeRows[store]!++;
  }

  /** Writes group `g` (an order's timeline or a burst of other events). */
  group(g: number) {
    const r = this.r;
    const store = this.storeIndex();
    const at = Math.floor(this.ctx.baseMs - SPAN_DAYS * DAY + (g / this.ctx.groups) * SPAN_DAYS * DAY);
    if (r() < 0.85) this.order(store, at);
    else this.burst(store, at);
  }

  private order(store: number, t0: number) {
    const r = this.r;
    const orderId = uuidv4(r);
    const number = this.ctx.numbers[store]!++;
    const amount = 1500 + Math.floor(r() * 9000);
    const pounds = (amount / 100).toFixed(2);
    const email = `customer${number}@example.com`;
    const corr = `corr_${randHex(r, 12)}`;
    const p = (extra = "") => `{"orderNumber":${number},"amount":${amount},"currency":"GBP"${extra}}`;
    const ev = (k: Kind, at: number, message: string, payload = p(), dedupe = k.source === "webhook") =>
      this.row(store, k, at, { message, orderId, payload, correlationId: corr, dedupe });

    ev(K.created, t0, `Order placed — £${pounds} via Stripe`);
    const roll = r();
    let status = "delivered";
    let end = t0;
    if (roll < 0.02) {
      ev(K.paymentFailed, t0 + 5_000, "Payment failed: card declined", p(',"reason":"card_declined"'));
      status = "payment_failed";
    } else {
      ev(K.confirmation, t0 + 4_000, `Order confirmation sent to ${email}`, `{"to":"${email}"}`, false);
      if (r() < 0.02)
        ev(
          K.emailFailed,
          t0 + 3_000,
          "Could not send the confirmation email: SMTP timeout",
          `{"email":"confirmation","to":"${email}","reason":"SMTP timeout"}`,
          false,
        );
      let submittedAt = t0 + 600_000;
      if (r() < 0.04) {
        ev(
          K.submissionFailed,
          submittedAt,
          "Submission to Printify failed: variant out of stock",
          p(',"final":false,"reason":"variant out of stock"'),
          false,
        );
        submittedAt += 1_800_000;
        ev(K.retried, submittedAt, "Retrying — attempt 2 of 3", `{"attempt":2,"maxAttempts":3}`, false);
      }
      ev(
        K.submitted,
        submittedAt + 1_000,
        `Submitted to Printify (PFY-${number})`,
        p(`,"providerOrderId":"PFY-${number}"`),
        false,
      );
      if (r() < 0.2)
        ev(
          K.note,
          t0 + Math.floor(r() * 2 * DAY),
          `Ana: customer asked for gift wrap on order #${number}`,
          `{"note":"gift wrap"}`,
          false,
        );
      if (r() < 0.1)
        ev(K.updated, t0 + Math.floor(r() * DAY), "Ana changed the shipping address", p(), false);
      if (r() < 0.02) {
        ev(
          K.cancelled,
          t0 + 2 * 3_600_000,
          "Cancelled: customer request",
          p(',"reason":"customer request"'),
          false,
        );
        status = "cancelled";
      } else {
        const production = t0 + DAY + Math.floor(r() * DAY);
        const shipped = production + 2 * DAY + Math.floor(r() * DAY);
        const delivered = shipped + 2 * DAY + Math.floor(r() * 2 * DAY);
        ev(K.production, production, "In production at Printify");
        ev(K.shipped, shipped, `Shipped via DHL — tracking: 1Z${number}AA10123456784`, p(',"carrier":"DHL"'));
        ev(
          K.shippingEmail,
          shipped + 5_000,
          `Shipping notification sent to ${email}`,
          `{"to":"${email}"}`,
          false,
        );
        ev(K.delivered, delivered, "Delivered");
        end = delivered;
        if (r() < 0.03) {
          ev(K.refunded, delivered + 3 * DAY, `Refunded £${pounds}`, p());
          status = "refunded";
          end = delivered + 3 * DAY;
        }
        if (end > this.ctx.baseMs) status = shipped > this.ctx.baseMs ? "in_production" : "shipped";
      }
    }
    const placed = iso(t0);
    const token = `tok_${randHex(r, 32)}`;
    const address = `{"name":"Customer ${number}","line1":"${number % 200} High Street","city":"London","postalCode":"N1 9GU","country":"GB"}`;
    this.orders += `${[orderId, this.ctx.storeIds[store]!, number, status, "GBP", amount - 499, 499, 0, amount, email, `Customer ${number}`, address, `PFY-${number}`, iso(Math.min(end, this.ctx.baseMs)), token, placed, placed, placed].join("\t")}\n`;
    // Reservoir sample of orders (only those whose events are all written are as likely as any).
    const seen = ++this.ctx.sampleSeen.n;
    const entry = { storeId: this.ctx.storeIds[store]!, orderId, number };
    if (this.ctx.sample.length < 5000) this.ctx.sample.push(entry);
    else if (r() < 5000 / seen) this.ctx.sample[Math.floor(r() * 5000)] = entry;
  }

  private burst(store: number, t0: number) {
    const r = this.r;
    const n = 2 + Math.floor(r() * 5);
    const corr = `corr_${randHex(r, 12)}`;
    for (let i = 0; i < n; i++) {
      const at = t0 + i * 1000;
      const pick = r();
      const ref = `${Math.floor(r() * 100_000)}`;
      if (pick < 0.25) {
        this.row(store, K.syncStarted, at, {
          message: "Product sync with Printify started",
          payload: `{"provider":"Printify"}`,
          correlationId: corr,
          entityId: corr,
        });
        const failed = r() < 0.04;
        this.row(store, failed ? K.syncFailed : K.syncCompleted, at + 20_000, {
          message: failed
            ? "Product sync with Printify failed: 502 Bad Gateway"
            : "Product sync finished — 2 created, 3 updated, 120 unchanged",
          payload: failed
            ? `{"provider":"Printify","reason":"502 Bad Gateway"}`
            : `{"provider":"Printify","created":2,"updated":3,"unchanged":120}`,
          correlationId: corr,
          entityId: corr,
        });
      } else if (pick < 0.45)
        this.row(store, K.productUpdated, at, {
          message: `Ana updated the product “Poster ${ref}”`,
          payload: `{"title":"Poster ${ref}"}`,
          entityId: ref,
        });
      else if (pick < 0.65)
        this.row(store, K.login, at, {
          message: "ana@example.com signed in",
          payload: `{"email":"ana@example.com"}`,
          entityId: RESOLVER,
        });
      else if (pick < 0.72)
        this.row(store, K.loginFailed, at, {
          message: "Failed sign-in for ana@example.com",
          payload: `{"email":"ana@example.com","reason":"wrong password"}`,
          entityId: RESOLVER,
        });
      else if (pick < 0.9)
        this.row(store, K.cartEmail, at, {
          message: `Recovery email sent to shopper${ref}@example.com`,
          payload: `{"to":"shopper${ref}@example.com"}`,
          entityId: ref,
        });
      else if (pick < 0.96)
        this.row(store, K.settings, at, {
          message: "Ana changed the shipping rates",
          payload: `{"fields":["shippingRates"]}`,
          entityId: null,
        });
      else
        this.row(store, K.webhookRejected, at, {
          message: "Rejected a Stripe webhook: invalid signature",
          payload: `{"provider":"stripe","reason":"invalid signature"}`,
          entityId: null,
        });
    }
  }

  /** Takes what was generated so far. */
  take() {
    const out = { activity: this.activity, orders: this.orders };
    this.activity = this.orders = "";
    return out;
  }
}

/** Average rows per group (measured: 0.85 × ~7.4 + 0.15 × ~4.6), to size the number of groups. */
const ROWS_PER_GROUP = 7;

/**
 * Loads about `rows` rows (orders' timelines end where they end, so the count is close, not
 * exact) into `target`, then VACUUM ANALYZE and CHECKPOINT. `copyUrl` is the owner's URL.
 */
export async function loadAtSize(
  target: BenchTarget,
  rows: number,
  log: (line: string) => void,
): Promise<SizeLoad> {
  if (!target.url) throw new Error("the load at size needs the server (COPY)");
  const baseMs = Date.now() - 3_600_000;
  const storeList = Array.from({ length: SIZE_STORES }, (_, k) => ({
    id: uuidv4(prng(k + 1)),
    slug: `size-${String(k + 1).padStart(2, "0")}`,
    name: `Size shop ${k + 1}`,
  }));
  await target.handle.db.insert(stores).values(storeList);
  const groups = Math.ceil(rows / ROWS_PER_GROUP);
  const ctx = {
    storeIds: storeList.map((s) => s.id),
    storeRows: storeList.map(() => 0),
    numbers: storeList.map(() => 10000),
    baseMs,
    groups,
    sample: [] as SizeOrder[],
    sampleSeen: { n: 0 },
  };
  // activity_log's secondary indexes (not the primary key), exactly as defined, dropped for the
  // load and made again after it: the reads then run on the same indexes as the app's.
  const indexes = await target.handle.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = 'activity_log'::regclass and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  for (const { name } of indexes) await target.handle.query(`drop index ${name}`);
  // Two years of an installation's life: the maintenance job made each month's partition ahead
  // of it, so the rows land in their months, not in the default partition.
  if (await isPartitioned(target.handle))
    await target.handle.query(
      `select activity_log_create_partition(m::date)
         from generate_series(date_trunc('month', now() - interval '${SPAN_DAYS + 31} days'), now(), interval '1 month') m`,
    );
  const STREAMS = 2;
  const GROUPS_PER_CHUNK = 300;
  const clients = Array.from({ length: STREAMS * 2 }, () =>
    postgres(target.url!, { max: 1, onnotice: () => {} }),
  );
  const generators = Array.from({ length: STREAMS }, (_, s) => new Generator(ctx, s));
  const t0 = performance.now();
  let lastReport = t0;
  const total = () => generators.reduce((n, g) => n + g.rows, 0);
  try {
    await Promise.all(
      generators.map(async (gen, s) => {
        // The bench's own data needs no trigger: no notifications for rows nobody listens to,
        // no foreign-key checks for rows made consistent (as the owner; skipped if not allowed).
        for (const client of [clients[s * 2]!, clients[s * 2 + 1]!])
          await client.unsafe("set session_replication_role = replica").catch(() => {
            if (s === 0)
              log("  (not allowed to skip triggers while loading: they run, and the load is slower)");
          });
        const [activity, orders] = await Promise.all([
          clients[s * 2]!.unsafe(
            `copy activity_log (${ACTIVITY_COPY_COLUMNS.join(", ")}) from stdin`,
          ).writable(),
          clients[s * 2 + 1]!.unsafe(`copy orders (${ORDER_COPY_COLUMNS.join(", ")}) from stdin`).writable(),
        ]);
        // The activity stream drives generation; the orders go to their own COPY alongside.
        const ordersOut = new Readable({ read() {} });
        const ordersDone = pipeline(ordersOut, orders);
        function* chunks() {
          for (let g = s; g < groups; g += STREAMS * GROUPS_PER_CHUNK) {
            for (let k = 0; k < GROUPS_PER_CHUNK * STREAMS && g + k < groups; k += STREAMS) gen.group(g + k);
            const out = gen.take();
            if (out.orders) ordersOut.push(out.orders);
            if (performance.now() - lastReport > 10_000) {
              lastReport = performance.now();
              const done = total();
              log(
                `  loaded ${done.toLocaleString("en-GB")} / ~${rows.toLocaleString("en-GB")} rows (${Math.round(done / ((performance.now() - t0) / 1000)).toLocaleString("en-GB")} rows/s)`,
              );
            }
            yield out.activity;
          }
          ordersOut.push(null);
        }
        await Promise.all([pipeline(Readable.from(chunks()), activity), ordersDone]);
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
  }
  // Without the foreign keys' per-row checks (the orders were just made), as the COPY ran,
  // when the bench's role may (a superuser).
  const [{ superuser } = { superuser: false }] = await target.handle.query<{ superuser: boolean }>(
    "select rolsuper as superuser from pg_roles where rolname = current_user",
  );
  await target.handle.db.transaction(async (tx) => {
    if (superuser) await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql.raw(INSERT_ITEMS));
  });
  const copyMs = performance.now() - t0;
  const loaded = total();
  log(
    `COPY done: ${loaded.toLocaleString("en-GB")} rows in ${(copyMs / 1000).toFixed(1)} s (${Math.round(loaded / (copyMs / 1000)).toLocaleString("en-GB")} rows/s); making ${indexes.length} indexes…`,
  );
  const i0 = performance.now();
  // On a partitioned table the definition reads `ON ONLY activity_log`, which would make only the
  // parent's (invalid) index: made on the parent, it is made on every partition too.
  for (const { def } of indexes)
    await target.handle.query(`set maintenance_work_mem = '256MB'; ${def.replace(/ ON ONLY /, " ON ")}`);
  const [invalid] = await target.handle.query<{ n: string }>(
    `select count(*)::text as n from pg_index where not indisvalid`,
  );
  if (invalid && invalid.n !== "0") throw new Error(`${invalid.n} index(es) left invalid after the load`);
  const indexMs = performance.now() - i0;
  log(`indexes made in ${(indexMs / 1000).toFixed(1)} s; vacuum analyze…`);
  const a0 = performance.now();
  await target.handle.query("vacuum analyze activity_log");
  await target.handle.query("vacuum analyze orders");
  await target.handle.query("vacuum analyze order_items");
  await target.handle.query("checkpoint").catch(() => {});
  const analyzeMs = performance.now() - a0;
  const levels = { info: 0, warning: 0, error: 0 };
  for (const g of generators) for (const l of ["info", "warning", "error"] as const) levels[l] += g.levels[l];
  return {
    rows: loaded,
    orders: ctx.sampleSeen.n,
    stores: storeList
      .map((s, k) => ({ id: s.id, slug: s.slug, rows: ctx.storeRows[k]! }))
      .sort((x, y) => y.rows - x.rows),
    sampleOrders: ctx.sample,
    baseMs,
    spanDays: SPAN_DAYS,
    levels: Object.fromEntries(Object.entries(levels).map(([l, n]) => [l, n / loaded])),
    copyMs,
    indexMs,
    analyzeMs,
    rowsPerSecond: loaded / ((copyMs + indexMs + analyzeMs) / 1000),
  };
}
