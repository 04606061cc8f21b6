import { AlertTriangle } from "lucide-react";
import type { ReactNode } from "react";
import type { ActivityRow } from "@/db/schema";
import { catalog, isEventType } from "@/lib/activity/catalog/catalog";
import { carrierName } from "@/lib/platform/format/carriers";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { formatMoney } from "@/lib/platform/format/format-money";

const sourceLabels: Record<ActivityRow["source"], string> = {
  admin: "Admin",
  webhook: "Webhook",
  worker: "Background worker",
  api: "API",
  system: "System",
};

/** "providerOrderId" → "Provider order id". */
function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "object")
    return Object.values(value)
      .filter((v) => v !== null && v !== undefined && v !== "")
      .map(formatValue)
      .join(", ");
  return String(value);
}

function Value({ value }: { value: unknown }) {
  if (typeof value === "string" && /^https?:\/\//.test(value)) {
    return (
      <a href={value} target="_blank" rel="noreferrer" className="break-all text-brand-600 hover:underline">
        {value}
      </a>
    );
  }
  return <>{formatValue(value)}</>;
}

function Term({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="sm:contents">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className={`min-w-0 break-words ${mono ? "font-mono break-all" : ""}`}>{children}</dd>
    </div>
  );
}

/** Payload fields in the order the catalog declares them (jsonb does not keep key order). */
function declaredFieldOrder(eventType: string): (key: string) => number {
  const schema = isEventType(eventType) ? catalog[eventType].payload : null;
  const keys = schema && "shape" in schema ? Object.keys(schema.shape) : [];
  return (key) => {
    const index = keys.indexOf(key);
    return index === -1 ? keys.length : index;
  };
}

/** What an event carried: its payload, its changes, and where it came from. */
export function EventDetails({ row, timeZone, now }: { row: ActivityRow; timeZone: string; now: Date }) {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const order = declaredFieldOrder(row.eventType);
  const fields = Object.entries(payload)
    .filter(([key]) => !key.startsWith("$"))
    .sort(([a], [b]) => order(a) - order(b));
  const flagged = Object.entries(payload).filter(([key]) => key.startsWith("$"));
  const money =
    typeof payload.amount === "number" && typeof payload.currency === "string"
      ? formatMoney(payload.amount, payload.currency)
      : null;
  const changes = Object.entries(row.changes ?? {});

  return (
    <div className="mb-2.5 ml-6 space-y-2.5 rounded-lg bg-zinc-50 p-3 text-xs sm:ml-[6.5rem] dark:bg-zinc-800/50">
      {flagged.map(([key, value]) => (
        <FlaggedPayload key={key} name={key} value={value} />
      ))}
      {fields.length ? (
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]" aria-label="Details">
          {fields.map(([key, value]) => (
            <Term key={key} label={humanize(key)}>
              {key === "amount" && money ? (
                money
              ) : key === "carrier" && typeof value === "string" ? (
                carrierName(value)
              ) : (
                <Value value={value} />
              )}
            </Term>
          ))}
        </dl>
      ) : null}
      {changes.length ? (
        <div>
          <p className="mb-0.5 font-medium text-zinc-600 dark:text-zinc-300">Changes</p>
          <ul className="space-y-0.5" aria-label="Changes">
            {changes.map(([field, change]) => (
              <li key={field} className="break-words">
                <span className="font-medium">{change.label ?? humanize(field)}:</span>{" "}
                <span className="text-zinc-600 dark:text-zinc-400">{formatValue(change.old)}</span>{" "}
                <span aria-hidden>→</span>
                <span className="sr-only">changed to</span> {formatValue(change.new)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="grid gap-x-4 gap-y-1 border-t border-zinc-200 pt-2 sm:grid-cols-[max-content_minmax(0,1fr)] dark:border-zinc-700">
        <Term label="When">{formatEventTime(row.occurredAt, timeZone, now).full}</Term>
        <Term label="Event" mono>
          {row.eventType}
        </Term>
        <Term label="Source">{sourceLabels[row.source] ?? row.source}</Term>
        <Term label="Correlation id" mono>
          {row.correlationId ?? "—"}
        </Term>
      </dl>
    </div>
  );
}

/** `$invalid` (a payload that failed its schema) and other internals: shown, and flagged. */
function FlaggedPayload({ name, value }: { name: string; value: unknown }) {
  const detail = (value ?? {}) as { reason?: unknown; raw?: unknown; envelope?: unknown };
  const reason = typeof detail.reason === "string" ? detail.reason : null;
  const shown = name === "$invalid" && "raw" in detail ? detail.raw : value;
  return (
    <div
      className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
      data-testid="flagged-payload"
    >
      <p className="flex items-start gap-1.5 font-medium">
        <AlertTriangle aria-label="Warning" className="mt-px size-3.5 shrink-0" />
        {name === "$invalid"
          ? "Recorded with details that did not match the expected shape"
          : `Flagged: ${name.slice(1)}`}
      </p>
      {reason ? <p className="mt-1 break-words">{reason}</p> : null}
      <pre className="mt-1 max-h-48 overflow-auto font-mono text-[11px] whitespace-pre-wrap break-all">
        {JSON.stringify(shown, null, 2)}
      </pre>
    </div>
  );
}
