import { type SQL, sql } from "drizzle-orm";
import { catalog, eventTypes, isEventType } from "@/lib/activity/catalog/catalog";
import { REDACTED } from "@/lib/activity/catalog/payload-fields";
import { scrubbedRowForm } from "@/lib/activity/seal/scrub-row";
import { readSealedRows, type SealedRow } from "@/lib/activity/seal/sealed-row";
import { queryRows } from "@/lib/platform/db/query-rows";
import type { Db } from "@/lib/platform/db/types";

/** The order statuses after which an order's personal data counts down to its scrub. */
export const finishedOrderStatuses = ["delivered", "cancelled", "refunded"] as const;

/** Event types that declare personal payload fields. */
const personalTypes = eventTypes.filter((type) => catalog[type].personalFields.length > 0);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The sentence a scrubbed row shows: the catalog's message rendered again from the scrubbed
 * payload ("Order confirmation sent to the customer"); a payload the message cannot word (it
 * failed its schema when written) shows the type's label. An integration's own type keeps its
 * message, with the erased email taken out when there is one.
 */
export function scrubbedMessage(row: SealedRow, payload: Record<string, unknown>, eraseEmail?: string) {
  let message = row.message;
  if (isEventType(row.event_type)) {
    const definition = catalog[row.event_type];
    try {
      message = Object.hasOwn(payload, "$invalid")
        ? definition.label
        : definition.message(payload as never, { actorLabel: row.actor_label });
    } catch {
      message = definition.label;
    }
  }
  if (eraseEmail) message = message.replace(new RegExp(escapeRegExp(eraseEmail), "gi"), REDACTED);
  return message.trim() === "" ? REDACTED : message;
}

/**
 * Scrubs one row's personal data through the database's `activity_scrub_personal`, which
 * decides whether it may (past the store's personal-data window, or about the customer being
 * erased) and changes nothing else. The stored form is `scrubbedRowForm`'s, so the sealed
 * history still verifies. False when the row was already scrubbed (or is gone).
 */
export async function scrubRow(db: Db, row: SealedRow, options: { eraseEmail?: string } = {}) {
  return (await scrubRows(db, [row], options)) === 1;
}

/** `scrubRow` for many rows in one statement; how many were scrubbed. */
export async function scrubRows(db: Db, rows: SealedRow[], options: { eraseEmail?: string } = {}) {
  if (!rows.length) return 0;
  const forms = rows.map((row) => {
    const draft = scrubbedRowForm(row);
    const form = scrubbedRowForm(row, scrubbedMessage(row, draft.payload, options.eraseEmail));
    return { id: row.id, message: form.message, payload: form.payload, redactions: form.redactions ?? {} };
  });
  const [result] = await queryRows<{ scrubbed: number }>(
    db,
    sql`select count(*) filter (where activity_scrub_personal(x.id, x.message, x.payload, x.redactions,
          ${options.eraseEmail ?? null}::text))::int as scrubbed
        from jsonb_to_recordset(${JSON.stringify(forms)}::jsonb) as x(id uuid, message text, payload jsonb, redactions jsonb)`,
  );
  return result?.scrubbed ?? 0;
}

/** Something in the row the scrub would remove. */
const holdsPersonalData = sql`(a.ip_address is not null or a.user_agent is not null or a.changes is not null
  or a.payload ? '$invalid'
  or a.event_type in (${sql.join(
    personalTypes.map((type) => sql`${type}`),
    sql`, `,
  )}))`;

async function scrubBatches(
  db: Db,
  where: SQL,
  options: { batchSize: number; eraseEmail?: string; onBatch?: (scrubbed: number) => void },
) {
  let scrubbed = 0;
  let after: { occurredAt: string; id: string } | null = null;
  for (;;) {
    const page: SealedRow[] = await readSealedRows(db, {
      join: sql`left join orders o on o.id = a.order_id and o.store_id = a.store_id`,
      where: sql`${where} and a.redacted_at is null and ${holdsPersonalData}
        ${after ? sql`and (a.occurred_at, a.id) > (${after.occurredAt}::timestamptz, ${after.id}::uuid)` : sql``}`,
      orderBy: sql`a.occurred_at, a.id`,
      limit: options.batchSize,
      ordered: true,
    });
    scrubbed += await scrubRows(db, page, { eraseEmail: options.eraseEmail });
    options.onBatch?.(scrubbed);
    if (page.length < options.batchSize) return scrubbed;
    const last = page[page.length - 1]!;
    after = { occurredAt: last.occurred_at, id: last.id };
  }
}

/**
 * The retention job's scrub: every row of the store past its personal-data window — of an
 * order finished (delivered, cancelled, refunded) `personal_data_days` ago, or of no order and
 * that old — loses its personal data, in batches. The database checks the window again, row by
 * row. Returns how many rows were scrubbed.
 */
export async function scrubExpiredPersonalData(
  db: Db,
  storeId: string,
  options: { batchSize?: number; onBatch?: (scrubbed: number) => void } = {},
): Promise<number> {
  const cutoff = sql`(select clock_timestamp() - make_interval(days => greatest(s.personal_data_days, 7))
                        from stores s where s.id = ${storeId})`;
  return scrubBatches(
    db,
    sql`a.store_id = ${storeId} and a.inserted_at < ${cutoff}
        and case when o.id is not null
                 then o.status in (${sql.join(
                   finishedOrderStatuses.map((s) => sql`${s}`),
                   sql`, `,
                 )}) and coalesce(o.status_changed_at, o.updated_at) < ${cutoff}
                 else a.occurred_at < ${cutoff} end`,
    { batchSize: options.batchSize ?? 500, onBatch: options.onBatch },
  );
}

/**
 * An erasure's scrub: every row of the store that mentions the customer's email (message,
 * payload, changes) or belongs to one of their orders or carts. Run it before the orders and
 * carts themselves are erased: the database recognises the customer's rows by them.
 */
export async function scrubCustomerActivity(
  db: Db,
  storeId: string,
  customer: { email: string; orderIds: string[]; cartIds: string[] },
): Promise<number> {
  const pattern = `%${customer.email.replace(/[\\%_]/g, "\\$&")}%`;
  const ids = (list: string[]) =>
    list.length
      ? sql.join(
          list.map((id) => sql`${id}`),
          sql`, `,
        )
      : sql`null`;
  return scrubBatches(
    db,
    sql`a.store_id = ${storeId} and (
          a.order_id in (${ids(customer.orderIds)})
          or (a.entity_type = 'cart' and a.entity_id in (${ids(customer.cartIds)}))
          or a.message ilike ${pattern} or a.payload::text ilike ${pattern}
          or a.changes::text ilike ${pattern})`,
    { batchSize: 500, eraseEmail: customer.email },
  );
}
