import Link from "next/link";
import { ActivityChart } from "@/components/activity-chart";
import { ActivityList } from "@/components/activity-list";
import { Card, PageHeader } from "@/components/page-header";
import { StatCard } from "@/components/stat-card";
import { countActivityByDay } from "@/lib/activity/read/count-activity-by-day";
import { listLatestActivity } from "@/lib/activity/read/list-latest-activity";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { needsAttentionOnce } from "@/lib/http/needs-attention-once";
import { countOrdersByStatus, inProgressStatuses } from "@/lib/orders/list-orders";

/**
 * The morning view: figures that open their lists, activity over the last 30 days (each day a
 * link to its feed), and the latest events without routine sign-ins.
 */
export default async function DashboardPage() {
  const access = await requirePageAccess(null);
  const { db, store } = access;
  const canReadActivity = can(access.role, "activity:read");
  const [byStatus, attention, recent, byDay] = await Promise.all([
    countOrdersByStatus(db, store.storeId),
    canReadActivity ? needsAttentionOnce(db, store.storeId) : null,
    canReadActivity ? listLatestActivity(db, store.storeId, 8) : null,
    canReadActivity ? countActivityByDay(db, store.storeId, { days: 30, timeZone: store.timeZone }) : null,
  ]);
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const inProgress = inProgressStatuses.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  return (
    <>
      <PageHeader title={`Welcome back, ${access.user.name.split(" ")[0]}`} description={store.name} />
      <div className="grid grid-cols-3 gap-2 sm:gap-4">
        <StatCard title="Orders" value={total} href="/admin/orders" linkLabel="See all orders" />
        <StatCard
          title="In progress"
          value={inProgress}
          href="/admin/orders?status=in_progress"
          linkLabel="Paid, submitted or in production"
        />
        {attention !== null ? (
          <StatCard
            title="Needs attention"
            value={attention}
            href="/admin/activity?tab=attention"
            linkLabel="Open warnings and errors"
            testId="dashboard-attention"
          />
        ) : null}
      </div>
      {byDay ? (
        <div className="mt-6">
          <ActivityChart data={byDay} framed />
        </div>
      ) : null}
      {recent ? (
        <div className="mt-6">
          <Card title="Latest activity">
            <ActivityList rows={recent} timeZone={store.timeZone} mode="feed" />
            <Link
              href="/admin/activity"
              className="mt-2 inline-block text-sm text-brand-600 underline dark:text-brand-500"
            >
              See all activity
            </Link>
          </Card>
        </div>
      ) : null}
    </>
  );
}
