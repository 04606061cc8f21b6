import type { Metadata } from "next";
import Link from "next/link";
import { EventTime } from "@/components/event-time";
import { Card, PageHeader } from "@/components/page-header";
import type { EmailKind } from "@/db/schema";
import { listOutbox, type OutboxPage as Page } from "@/lib/email/list-outbox";
import { requirePageAccess } from "@/lib/http/access";
import { getConfig } from "@/lib/platform/config";
import { AppError } from "@/lib/platform/errors";
import { formatEventTime } from "@/lib/platform/format/format-event-time";

export const metadata: Metadata = { title: "Outbox" };

type Props = { searchParams: Promise<{ before?: string | string[] }> };

const kindLabels: Record<EmailKind, string> = {
  confirmation: "Order confirmation",
  shipping: "Shipping notification",
  abandoned_cart: "Cart recovery",
  morning_email: "Morning email",
};

/**
 * The mail customers would have received while no SMTP server is set, newest first, each
 * readable in full. Owners and managers only (the same as the activity log).
 */
export default async function OutboxPage({ searchParams }: Props) {
  const { db, store } = await requirePageAccess("activity:read", "/admin/outbox");
  const before = (await searchParams).before;
  const cursor = typeof before === "string" && before ? before : null;
  const smtp = Boolean(getConfig().mail.smtpUrl);

  let page: Page = { items: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listOutbox(db, store.storeId, { limit: 50, before: cursor });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
  }
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Outbox"
        description={
          smtp
            ? "Mail goes out through your SMTP server. Mail written while none was set is kept here."
            : "No SMTP server is set (SMTP_URL), so the emails your customers would receive land here instead."
        }
      />
      <Card>
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {problem}{" "}
            <Link href="/admin/outbox" className="font-medium underline">
              Back to the newest mail
            </Link>
          </p>
        ) : page.items.length === 0 ? (
          <div className="py-6 text-center text-sm text-zinc-500" data-testid="outbox-empty">
            <p className="font-medium text-zinc-700 dark:text-zinc-300">The outbox is empty.</p>
            <p className="mt-1">
              {cursor
                ? "There is no older mail."
                : "Without an SMTP server (set SMTP_URL to send for real), order confirmations, shipping notifications and cart recovery emails are written here, so you can read what your customers would get."}
            </p>
          </div>
        ) : (
          <ol className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="outbox-list">
            {page.items.map((mail) => {
              const time = formatEventTime(mail.sentAt, store.timeZone, now);
              return (
                <li key={mail.id} data-mail-id={mail.id}>
                  <details className="group py-2.5">
                    <summary className="flex cursor-pointer list-none flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                      <EventTime
                        iso={mail.sentAt.toISOString()}
                        label={time.short}
                        full={time.full}
                        focusable={false}
                        className="shrink-0 text-xs text-zinc-500 tabular-nums sm:w-20"
                      />
                      <span className="min-w-0 flex-1 break-words">
                        <span className="font-medium">{mail.subject}</span>
                        <span className="block text-xs text-zinc-500">
                          To {mail.to}
                          <span className="ml-1.5 inline-block rounded border border-zinc-200 bg-zinc-50 px-1 text-[11px] leading-4 font-medium text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                            {kindLabels[mail.kind]}
                          </span>
                          {mail.orderNumber !== null ? (
                            <span className="ml-1.5">Order #{mail.orderNumber}</span>
                          ) : null}
                        </span>
                      </span>
                      <span className="text-xs text-brand-600 group-open:hidden">Read</span>
                      <span className="hidden text-xs text-brand-600 group-open:inline">Close</span>
                    </summary>
                    <div className="mt-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-950">
                      <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-zinc-500">
                        <dt>From</dt>
                        <dd className="break-words">{mail.from}</dd>
                        <dt>To</dt>
                        <dd className="break-words">{mail.to}</dd>
                        <dt>Subject</dt>
                        <dd className="break-words">{mail.subject}</dd>
                      </dl>
                      <pre className="font-sans whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">
                        {mail.text}
                      </pre>
                      {mail.orderId && mail.orderNumber !== null ? (
                        <Link
                          href={`/admin/orders/${mail.orderId}`}
                          className="mt-2 inline-block text-xs font-medium text-brand-600 underline underline-offset-2"
                        >
                          Open order #{mail.orderNumber}
                        </Link>
                      ) : null}
                    </div>
                  </details>
                </li>
              );
            })}
          </ol>
        )}
        {cursor || page.nextCursor ? (
          <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center gap-4 text-sm font-medium">
            {cursor ? (
              <Link href="/admin/outbox" className="text-brand-600 underline underline-offset-2">
                <span aria-hidden>← </span>Newest
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                href={`/admin/outbox?before=${encodeURIComponent(page.nextCursor)}`}
                className="text-brand-600 underline underline-offset-2"
              >
                Older mail →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
