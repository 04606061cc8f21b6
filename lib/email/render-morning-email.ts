import { formatDistanceStrict } from "date-fns";
import { createElement } from "react";
import type { AttentionItem, AttentionSummary } from "@/lib/activity/read/summarize-attention";
import { greeting } from "./templates/email-layout";
import { MorningEmail, type MorningEmailLine } from "./templates/morning-email";
import { type RenderedEmail, renderEmail } from "./templates/render-email";

export type MorningEmailInput = {
  storeName: string;
  recipientName: string;
  /** The store's local day, `yyyy-MM-dd`. */
  localDate: string;
  summary: AttentionSummary;
  appUrl: string;
  now: Date;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where a problem is looked at: its order, or the feed's needs-attention tab for its type. */
function problemUrl(appUrl: string, item: AttentionItem): string {
  return item.orderId
    ? `${appUrl}/admin/orders/${item.orderId}`
    : `${appUrl}/admin/activity?tab=attention&type=${encodeURIComponent(item.type)}`;
}

const subjectOf = (item: AttentionItem) => (item.orderNumber ? `#${item.orderNumber}: ` : "");

/**
 * The morning email of one store for one person: a headline, the open problems by kind, the
 * five open the longest (each linked), and what the system resolved itself since yesterday
 * morning. Plain text says the same as the HTML.
 */
export function renderMorningEmail(input: MorningEmailInput): Promise<RenderedEmail> {
  const { storeName, summary, appUrl, now } = input;
  const feedUrl = `${appUrl}/admin/activity?tab=attention`;
  const settingsUrl = `${appUrl}/admin/settings`;
  const headline =
    summary.open === 0
      ? `Nothing needs your attention at ${storeName} this morning.`
      : `${plural(summary.open, "thing needs", "things need")} your attention at ${storeName}.`;
  const kinds: MorningEmailLine[] = summary.kinds.map((k) => ({
    key: k.type,
    text: `${k.count} × ${k.label}`,
    detail: k.group,
    href: `${appUrl}/admin/activity?tab=attention&type=${encodeURIComponent(k.type)}`,
  }));
  const oldest: MorningEmailLine[] = summary.oldest.map((item) => ({
    key: item.id,
    text: `${subjectOf(item)}${item.message}`,
    detail: `Open for ${formatDistanceStrict(item.occurredAt, now)}`,
    href: problemUrl(appUrl, item),
  }));
  const resolved: MorningEmailLine[] = summary.resolvedBySystem.map((item) => ({
    key: item.id,
    text: `${subjectOf(item)}${item.message}`,
    detail: item.note ?? "Resolved automatically",
    href: problemUrl(appUrl, item),
  }));
  const resolvedHeading = `Resolved itself overnight (${summary.resolvedBySystemCount})`;

  const text = [
    greeting(input.recipientName),
    "",
    headline,
    ...(kinds.length
      ? ["", "Needs attention, by kind:", ...kinds.map((k) => `  ${k.text} (${k.detail})`)]
      : []),
    ...(oldest.length
      ? ["", "Open the longest:", ...oldest.flatMap((o) => [`  ${o.text}`, `    ${o.detail} — ${o.href}`])]
      : []),
    ...(resolved.length
      ? ["", `${resolvedHeading}:`, ...resolved.flatMap((r) => [`  ${r.text}`, `    ${r.detail}`])]
      : []),
    "",
    `Needs attention: ${feedUrl}`,
    "",
    `You get this email because you turned on the morning email for ${storeName}. Turn it off in Settings: ${settingsUrl}`,
  ].join("\n");

  const subject =
    summary.open === 0
      ? `${storeName} this morning: all clear`
      : `${storeName} this morning: ${plural(summary.open, "thing needs", "things need")} attention`;
  return renderEmail(
    subject,
    text,
    createElement(MorningEmail, {
      storeName,
      title: `Good morning — ${input.localDate}`,
      greeting: greeting(input.recipientName),
      headline,
      kinds,
      oldest,
      resolved,
      resolvedHeading,
      feedUrl,
      settingsUrl,
    }),
  );
}
