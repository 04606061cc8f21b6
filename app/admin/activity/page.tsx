import type { Metadata } from "next";
import Link from "next/link";
import { ActivityChart } from "@/components/activity-chart";
import {
  ActivityFilterLink,
  ActivityFilterNavigation,
  ActivityFilterResults,
} from "@/components/activity-filter-navigation";
import { ActivityFilterForm } from "@/components/activity-filters";
import { ActivityList } from "@/components/activity-list";
import { ActivityTabs } from "@/components/activity-tabs";
import { ExportActivity } from "@/components/export-activity";
import { NewActivityPill } from "@/components/new-activity-pill";
import { Card, PageHeader } from "@/components/page-header";
import { BulkResolveBar } from "@/components/resolve-controls";
import { SavedViews } from "@/components/saved-views";
import { catalog, eventTypes } from "@/lib/activity/catalog/catalog";
import { liveCursor, liveFeedMatch } from "@/lib/activity/live/live-cursor";
import { countActivityByDay } from "@/lib/activity/read/count-activity-by-day";
import { type ActivityPage as FeedPage, listActivity } from "@/lib/activity/read/list-activity";
import { listCustomEventTypes } from "@/lib/activity/read/list-custom-event-types";
import { type FeedSearchParams, feedHref, parseFeedParams } from "@/lib/activity/read/parse-feed-params";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { needsAttentionOnce } from "@/lib/http/needs-attention-once";
import { listOrderSummaries } from "@/lib/orders/list-order-summaries";
import { resolveFeedFilters } from "@/lib/orders/resolve-feed-filters";
import { AppError } from "@/lib/platform/errors";
import { listSavedViews } from "@/lib/users/list-saved-views";
import { listUserNames } from "@/lib/users/list-user-names";
import { listRejectionCounts } from "@/lib/webhooks/list-rejection-counts";

export const metadata: Metadata = { title: "Activity" };

type Props = { searchParams: Promise<FeedSearchParams> };

const typeLabels = Object.fromEntries(eventTypes.map((type) => [type, catalog[type].label]));

/**
 * The store's activity, newest first, filtered by the URL (so a filtered view is a link).
 * Owners and managers only; staff get a 403. Bad filter values are shown and ignored.
 */
export default async function ActivityPage({ searchParams }: Props) {
  const { db, store, role, user } = await requirePageAccess("activity:read", "/admin/activity");
  const canResolve = can(role, "activity:resolve");
  // What does not depend on the feed's rows is under way while the feed is read: the chart
  // (the last 30 days whatever the filters), the tab's count, the custom types, saved views.
  const independent = Promise.all([
    countActivityByDay(db, store.storeId, { timeZone: store.timeZone }),
    needsAttentionOnce(db, store.storeId),
    listCustomEventTypes(db, store.storeId),
    listSavedViews(db, { userId: user.id, storeId: store.storeId }),
  ]);
  independent.catch(() => {}); // awaited below; a failure surfaces there, not as an unhandled rejection
  const parsed = parseFeedParams(await searchParams, store.timeZone);
  const { cursor, values, filtered, problems } = parsed;
  const firstPage = feedHref(values);
  const clearHref = feedHref({ ...values, level: [], type: "", from: "", to: "", q: "", order: "" });

  const { filters, missingOrder } = await resolveFeedFilters(db, store.storeId, parsed);

  let page: FeedPage | null = null;
  let pageProblem: string | null = null;
  if (!filters) {
    page = { items: [], nextCursor: null };
  } else {
    try {
      page = await listActivity(db, store.storeId, filters, { cursor, limit: 50 });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      pageProblem = error.message;
    }
  }
  const [[chart, attention, customTypes, views], resolvers, repeats, orders] = await Promise.all([
    independent,
    listUserNames(db, page?.items.flatMap((row) => (row.resolvedBy ? [row.resolvedBy] : [])) ?? []),
    listRejectionCounts(
      db,
      store.storeId,
      page?.items.flatMap((row) => (row.eventType === "webhook.rejected" ? [row.id] : [])) ?? [],
    ),
    listOrderSummaries(
      db,
      store.storeId,
      page?.items.flatMap((row) => (row.orderId ? [row.orderId] : [])) ?? [],
    ),
  ]);
  const alerts = missingOrder ? [...problems, missingOrder] : problems;
  // The first page counts new events as they come; older pages and unjudgeable filters do not.
  const live = filters && !cursor && page ? liveFeedMatch(filters) : null;
  return (
    <>
      <PageHeader title="Activity" description="Everything that happened in your shop, newest first.">
        <ExportActivity query={firstPage.split("?")[1] ?? ""} />
      </PageHeader>
      <ActivityChart data={chart} framed />
      <ActivityFilterNavigation>
        <SavedViews
          views={views.map((v) => ({ id: v.id, name: v.name, query: v.query }))}
          currentQuery={firstPage.split("?")[1] ?? ""}
        />
        <ActivityTabs
          value={values.tab}
          tabs={[
            { value: "all", href: feedHref({ ...values, tab: "all" }), label: "All" },
            {
              value: "attention",
              href: feedHref({ ...values, tab: "attention" }),
              label: `Needs attention (${attention})`,
            },
          ]}
        >
          <ActivityFilterForm values={values} timeZone={store.timeZone} customTypes={customTypes} />
          {alerts.length ? (
            <div
              role="alert"
              data-testid="filter-problems"
              className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
            >
              <ul className="list-disc space-y-0.5 pl-4">
                {alerts.map((alert) => (
                  <li key={alert}>{alert}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Card>
            {live && page ? <NewActivityPill match={live} {...liveCursor(page.items)} /> : null}
            <ActivityFilterResults>
              {pageProblem ? (
                <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                  {pageProblem}{" "}
                  <Link href={firstPage} className="font-medium underline">
                    Back to the newest events
                  </Link>
                </p>
              ) : page && page.items.length === 0 && filtered ? (
                <p
                  className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400"
                  data-testid="no-matches"
                >
                  No events match these filters.{" "}
                  <ActivityFilterLink href={clearHref} className="font-medium text-brand-600 hover:underline">
                    Clear filters
                  </ActivityFilterLink>
                </p>
              ) : page ? (
                <>
                  {canResolve && page.items.some((row) => row.level !== "info" && !row.resolvedAt) ? (
                    <BulkResolveBar />
                  ) : null}
                  <ActivityList
                    rows={page.items}
                    timeZone={store.timeZone}
                    mode="feed"
                    resolvable={canResolve}
                    resolvers={resolvers}
                    repeats={repeats}
                    typeLabels={typeLabels}
                    orders={orders}
                    dayHeadings
                  />
                </>
              ) : null}
              {page && (cursor || page.nextCursor) ? (
                <nav
                  aria-label="Pages"
                  className="mt-3 flex flex-wrap items-center gap-4 text-sm font-medium"
                >
                  {cursor ? (
                    <ActivityFilterLink href={firstPage} className="text-brand-600 hover:underline">
                      <span aria-hidden>← </span>Newest
                    </ActivityFilterLink>
                  ) : null}
                  {page.nextCursor ? (
                    <ActivityFilterLink
                      href={feedHref(values, { cursor: page.nextCursor })}
                      className="text-brand-600 hover:underline"
                    >
                      Older events →
                    </ActivityFilterLink>
                  ) : null}
                </nav>
              ) : null}
            </ActivityFilterResults>
          </Card>
        </ActivityTabs>
      </ActivityFilterNavigation>
    </>
  );
}
