import { createHash } from "node:crypto";
import { uuidv7 } from "uuidv7";
import type { BenchTarget } from "./targets";

/**
 * The shape of the bulk-loaded log (P3–P5), generated in SQL from `generate_series` so that
 * millions of rows load in seconds to minutes, never through `logEvent`:
 *
 * - rows come in groups of 10; 4 groups in 5 are the 10 events of one order (`order_id` set),
 *   the 5th is a burst of sync / sign-in / cart / product events sharing one timestamp;
 * - 2 stores (60% / 40%), 27 event types;
 * - levels ≈ 90% info, 8% warning, 2% error; warnings and errors are resolved except for a
 *   few hundred in all (the "needs attention" badge);
 * - `occurred_at` spread over 90 days in arrival order, truncated to the second, with events
 *   that share a timestamp (an order's creation and its confirmation email, shipment and its
 *   email, whole bursts); ids are UUIDv7 built from `occurred_at` plus random bits.
 */
export type SeedInfo = {
  rows: number;
  stores: [string, string];
  groups: number;
  seed: string;
  baseMs: number;
  unresolvedShare: number;
  elapsedMs: number;
};

const KINDS = `
  ('order.created',                 'info',    'order',   'customer', 'integration', 'Stripe',                  'webhook', 'Order placed — £{amt} via Stripe'),
  ('order.email.confirmation_sent', 'info',    'order',   'customer', 'worker',      'Email worker',            'worker',  'Order confirmation sent to customer{n}@example.com'),
  ('order.submitted',               'info',    'order',   'internal', 'worker',      'Order submission worker', 'worker',  'Submitted to Printify (PFY-{n})'),
  ('order.production',              'info',    'order',   'customer', 'integration', 'Printify',                'webhook', 'In production at Printify'),
  ('order.note_added',              'info',    'order',   'internal', 'user',        'Ana',                     'admin',   'Ana: customer asked for gift wrap on order #{n}'),
  ('order.shipped',                 'info',    'order',   'customer', 'integration', 'Printify',                'webhook', 'Shipped via DHL — tracking: 1Z{n}AA10123456784'),
  ('order.email.shipping_sent',     'info',    'order',   'customer', 'worker',      'Email worker',            'worker',  'Shipping notification sent to customer{n}@example.com'),
  ('order.delivered',               'info',    'order',   'customer', 'integration', 'Printify',                'webhook', 'Delivered'),
  ('order.updated',                 'info',    'order',   'internal', 'user',        'Ana',                     'admin',   'Ana changed the shipping address'),
  ('order.submission_retried',      'info',    'order',   'internal', 'worker',      'Order submission worker', 'worker',  'Retrying — attempt 2 of 3'),
  ('order.email.failed',            'error',   'order',   'internal', 'worker',      'Email worker',            'worker',  'Could not send the shipping email: SMTP timeout'),
  ('order.payment_failed',          'warning', 'order',   'internal', 'integration', 'Stripe',                  'webhook', 'Payment failed: card declined'),
  ('order.refunded',                'warning', 'order',   'customer', 'integration', 'Stripe',                  'webhook', 'Refunded £{amt}'),
  ('order.cancelled',               'warning', 'order',   'customer', 'user',        'Ana',                     'admin',   'Cancelled: customer request'),
  ('order.submission_failed',       'warning', 'order',   'internal', 'worker',      'Order submission worker', 'worker',  'Submission to Printify failed: variant out of stock'),
  ('sync.started',                  'info',    'sync',    'internal', 'worker',      'Product sync worker',     'worker',  'Product sync with Printify started'),
  ('sync.completed',                'info',    'sync',    'internal', 'worker',      'Product sync worker',     'worker',  'Product sync finished — {n} created, 3 updated, 120 unchanged'),
  ('sync.failed',                   'error',   'sync',    'internal', 'worker',      'Product sync worker',     'worker',  'Product sync with Printify failed: 502 Bad Gateway'),
  ('product.created',               'info',    'product', 'internal', 'user',        'Ana',                     'admin',   'Ana created the product “Poster {n}”'),
  ('product.updated',               'info',    'product', 'internal', 'user',        'Ana',                     'admin',   'Ana updated the product “Poster {n}”'),
  ('auth.login_succeeded',          'info',    'user',    'internal', 'user',        'Ana',                     'admin',   'ana@example.com signed in'),
  ('auth.logout',                   'info',    'user',    'internal', 'user',        'Ana',                     'admin',   'ana@example.com signed out'),
  ('auth.login_failed',             'warning', 'user',    'internal', 'system',      'Storyline',               'system',  'Failed sign-in for ana@example.com'),
  ('abandoned_cart.email_sent',     'info',    'cart',    'internal', 'worker',      'Cart recovery worker',    'worker',  'Recovery email sent to shopper{n}@example.com'),
  ('abandoned_cart.recovered',      'info',    'cart',    'internal', 'integration', 'Stripe',                  'webhook', 'Cart recovered — £{amt}'),
  ('settings.updated',              'info',    'store',   'internal', 'user',        'Ana',                     'admin',   'Ana changed the shipping rates'),
  ('webhook.rejected',              'warning', 'webhook', 'internal', 'system',      'Storyline',               'system',  'Rejected a Stripe webhook: invalid signature')`;

/** $1 first i, $2 last i, $3 store A, $4 store B, $5 base (epoch ms), $6 groups, $7 unresolved share, $8 resolver, $9 seed. */
const INSERT = `
insert into activity_log (id, store_id, event_type, level, message, entity_type, entity_id, order_id,
  actor_type, actor_id, actor_label, source, visibility, payload, correlation_id, dedupe_key,
  resolved_at, resolved_by, occurred_at, inserted_at)
with kinds (event_type, level, entity_type, visibility, actor_type, actor_label, source, template) as (
  values ${KINDS}
),
s as (
  select i, (i - 1) / 10 as g, ((i - 1) % 10)::int as k,
         md5(i::text || $9::text) as h, md5('x' || i::text || $9::text) as h2,
         md5('g' || ((i - 1) / 10)::text || $9::text) as hg,
         md5('order-' || ((i - 1) / 10)::text || $9::text) as ho
  from generate_series($1::bigint, $2::bigint) as i
),
r as (
  select s.*,
         ('x' || substr(h, 1, 8))::bit(32)::bigint / 4294967296.0 as r1,
         ('x' || substr(h, 9, 8))::bit(32)::bigint / 4294967296.0 as r2,
         ('x' || substr(h, 17, 8))::bit(32)::bigint / 4294967296.0 as r3,
         ('x' || substr(h2, 20, 8))::bit(32)::bigint / 4294967296.0 as r4,
         ('x' || substr(hg, 1, 8))::bit(32)::bigint / 4294967296.0 as gr,
         g % 5 <> 4 as is_order
  from s
),
t as (
  select r.*,
    case when is_order then
      case when r1 < 0.02 then 'order.email.failed'
           when r1 < 0.10 then (array['order.payment_failed', 'order.refunded', 'order.cancelled',
                                      'order.submission_failed'])[1 + floor(r2 * 4)::int]
           else (array['order.created', 'order.email.confirmation_sent', 'order.submitted', 'order.production',
                       'order.note_added', 'order.shipped', 'order.email.shipping_sent', 'order.delivered',
                       'order.updated', 'order.submission_retried'])[k + 1]
      end
    else
      case when r1 < 0.02 then 'sync.failed'
           when r1 < 0.10 then (array['auth.login_failed', 'webhook.rejected'])[1 + floor(r2 * 2)::int]
           else (array['sync.started', 'sync.completed', 'product.updated', 'product.created',
                       'auth.login_succeeded', 'auth.logout', 'abandoned_cart.email_sent',
                       'abandoned_cart.recovered', 'settings.updated', 'product.updated'])[k + 1]
      end
    end as event_type,
    case when g % 5 < 3 then $3::uuid else $4::uuid end as store_id,
    case when g % 5 <> 4 then (substr(ho, 1, 12) || '4' || substr(ho, 14, 3)
                               || substr('89ab', 1 + (g % 4)::int, 1) || substr(ho, 18, 15))::uuid end as order_id,
    (1500 + floor(gr * 9000))::int as amount,
    date_trunc('second',
      to_timestamp($5::float8 / 1000) - interval '90 days 2 hours'
      + (g::float8 / $6::float8) * interval '85 days' + gr * interval '2 hours'
      + case when g % 5 <> 4
          then (array[0, 0, 600, 86400, 7200 + r3 * 80000, 259200, 259200, 432000, r3 * 400000, 1800])[k + 1]
               * interval '1 second'
          else interval '0 seconds' end
    ) as occurred_at
  from r
)
select
  (lpad(to_hex((extract(epoch from t.occurred_at) * 1000)::bigint + floor(r3 * 1000)::bigint), 12, '0')
    || '7' || substr(h2, 1, 3) || substr('89ab', 1 + (i % 4)::int, 1) || substr(h2, 4, 15))::uuid,
  t.store_id,
  t.event_type,
  kinds.level,
  replace(replace(kinds.template, '{n}', (10000 + g)::text), '{amt}', to_char(t.amount / 100.0, 'FM99990.00')),
  kinds.entity_type,
  case when t.order_id is not null then t.order_id::text else g::text end,
  t.order_id,
  kinds.actor_type,
  case when kinds.actor_type = 'user' then '0192f3a4-1111-7000-8000-000000000001' end,
  kinds.actor_label,
  kinds.source,
  kinds.visibility,
  case when t.order_id is not null
    then jsonb_build_object('orderNumber', 10000 + g, 'amount', t.amount, 'currency', 'GBP', 'provider', 'Printify')
    else jsonb_build_object('provider', 'Printify', 'created', k, 'updated', 3) end,
  'corr_' || g::text,
  case when kinds.source = 'webhook' then 'evt_' || substr(h, 1, 24) end,
  case when kinds.level <> 'info' and r4 >= $7::float8 then t.occurred_at + interval '1 hour' end,
  case when kinds.level <> 'info' and r4 >= $7::float8 then $8::uuid end,
  t.occurred_at,
  t.occurred_at + r1 * interval '2 seconds'
from t join kinds using (event_type)`;

/** The order id the bulk load gives group `g`: md5('order-' || g || seed) with v4 version and variant bits. */
export function seededOrderId(g: number, seed: string): string {
  const h = createHash("md5").update(`order-${g}${seed}`).digest("hex");
  const variant = "89ab"[g % 4]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

export function seededStore(g: number, info: SeedInfo): string {
  return g % 5 < 3 ? info.stores[0] : info.stores[1];
}

/** Bulk-loads `rows` rows, then VACUUM ANALYZE (as autovacuum would have by then) and CHECKPOINT. */
export async function seedActivityLog(
  target: BenchTarget,
  rows: number,
  log: (line: string) => void,
): Promise<SeedInfo> {
  const info: SeedInfo = {
    rows,
    stores: [uuidv7(), uuidv7()],
    groups: Math.ceil(rows / 10),
    seed: "storyline-bench",
    baseMs: Date.now(),
    // Warnings and errors are ~10% of rows: leave about 300 of them unresolved.
    unresolvedShare: Math.min(1, 300 / (rows * 0.1)),
    elapsedMs: 0,
  };
  const t0 = performance.now();
  // The months the load spans get their partitions first, as the maintenance job gives a live
  // install (the bench runs as the owner); without them every row would land in DEFAULT.
  await target.handle.query(
    `select count(*) from generate_series(
       date_trunc('month', to_timestamp($1::float8 / 1000) - interval '92 days'),
       to_timestamp($1::float8 / 1000), interval '1 month') m,
     lateral activity_log_create_partition((m at time zone 'UTC')::date) p`,
    [info.baseMs],
  );
  // Server: two statements at a time (2 cores). PGlite: one connection, smaller statements.
  const chunk = target.mode === "server" ? 100_000 : 25_000;
  const parallel = target.mode === "server" ? 2 : 1;
  const ranges: [number, number][] = [];
  for (let first = 1; first <= rows; first += chunk) ranges.push([first, Math.min(rows, first + chunk - 1)]);
  let done = 0;
  let lastReport = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let range = ranges.shift(); range; range = ranges.shift()) {
        await target.handle.query(INSERT, [
          range[0],
          range[1],
          info.stores[0],
          info.stores[1],
          info.baseMs,
          info.groups,
          info.unresolvedShare,
          "0192f3a4-1111-7000-8000-000000000001",
          info.seed,
        ]);
        done += range[1] - range[0] + 1;
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          log(`  loaded ${done.toLocaleString("en-GB")} / ${rows.toLocaleString("en-GB")} rows`);
        }
      }
    }),
  );
  await target.handle.query("vacuum analyze activity_log");
  // Flush the load now, so that a checkpoint does not land in the middle of the read timings.
  await target.handle.query("checkpoint").catch(() => {});
  info.elapsedMs = performance.now() - t0;
  return info;
}
