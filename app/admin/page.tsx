import Link from "next/link";
import { ActivityList } from "@/components/activity-list";
import { Card, PageHeader } from "@/components/page-header";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { listActivity } from "@/lib/activity/read/list-activity";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { countOrdersByStatus } from "@/lib/orders/list-orders";

export default async function DashboardPage() {
  const access = await requirePageAccess(null);
  const { db, store } = access;
  const canReadActivity = can(access.role, "activity:read");
  const [byStatus, attention, recent] = await Promise.all([
    countOrdersByStatus(db, store.storeId),
    canReadActivity ? countNeedsAttention(db, store.storeId) : null,
    canReadActivity ? listActivity(db, store.storeId, {}, { limit: 8 }) : null,
  ]);
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const inProgress = (byStatus.paid ?? 0) + (byStatus.submitted ?? 0) + (byStatus.in_production ?? 0);
  return (
    <>
      <PageHeader title={`Welcome back, ${access.user.name.split(" ")[0]}`} description={store.name} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Orders">
          <p className="text-3xl font-semibold tabular-nums">{total}</p>
        </Card>
        <Card title="In progress">
          <p className="text-3xl font-semibold tabular-nums">{inProgress}</p>
        </Card>
        {attention !== null ? (
          <Card title="Needs attention">
            <p className="text-3xl font-semibold tabular-nums" data-testid="dashboard-attention">
              {attention}
            </p>
          </Card>
        ) : null}
      </div>
      {recent ? (
        <div className="mt-6">
          <Card title="Latest activity">
            <ActivityList rows={recent.items} timeZone={store.timeZone} mode="feed" />
            <Link href="/admin/activity" className="mt-2 inline-block text-sm text-brand-600 hover:underline">
              See all activity
            </Link>
          </Card>
        </div>
      ) : null}
    </>
  );
}
