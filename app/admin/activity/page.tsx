import type { Metadata } from "next";
import Link from "next/link";
import { ActivityList } from "@/components/activity-list";
import { Card, PageHeader } from "@/components/page-header";
import { BulkResolveBar } from "@/components/resolve-controls";
import { countNeedsAttention } from "@/lib/activity/count-needs-attention";
import { listActivity } from "@/lib/activity/list-activity";
import { requirePageAccess } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { listUserNames } from "@/lib/users/list-user-names";

export const metadata: Metadata = { title: "Activity" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The store's activity, newest first. Owners and managers only; staff get a 403. */
export default async function ActivityPage({ searchParams }: Props) {
  const { db, store, role } = await requirePageAccess("activity:read", "/admin/activity");
  const canResolve = can(role, "activity:resolve");
  const params = await searchParams;
  const tab = params.tab === "attention" ? "attention" : "all";
  const cursor = typeof params.cursor === "string" ? params.cursor : null;
  let page: Awaited<ReturnType<typeof listActivity>> | null = null;
  let problem: string | null = null;
  try {
    page = await listActivity(
      db,
      store.storeId,
      { needsAttention: tab === "attention" },
      { cursor, limit: 50 },
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
  }
  const [attention, resolvers] = await Promise.all([
    countNeedsAttention(db, store.storeId),
    listUserNames(db, page?.items.flatMap((row) => (row.resolvedBy ? [row.resolvedBy] : [])) ?? []),
  ]);
  const tabClass = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`;
  return (
    <>
      <PageHeader title="Activity" description="Everything that happened in your shop, newest first." />
      <nav aria-label="Activity tabs" className="mb-4 flex gap-2">
        <Link
          href="/admin/activity"
          className={tabClass(tab === "all")}
          aria-current={tab === "all" ? "page" : undefined}
        >
          All
        </Link>
        <Link
          href="/admin/activity?tab=attention"
          className={tabClass(tab === "attention")}
          aria-current={tab === "attention" ? "page" : undefined}
        >
          Needs attention ({attention})
        </Link>
      </nav>
      <Card>
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {problem} <Link href="/admin/activity">Start over</Link>
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
            />
            {page.nextCursor ? (
              <Link
                href={`/admin/activity?${new URLSearchParams({ ...(tab === "attention" ? { tab } : {}), cursor: page.nextCursor })}`}
                className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline"
              >
                Older events →
              </Link>
            ) : null}
          </>
        ) : null}
      </Card>
    </>
  );
}
