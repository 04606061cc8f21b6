import type { Metadata } from "next";
import Link from "next/link";
import { HistoryIntegrity, type HistoryIntegrityView } from "@/components/history-integrity";
import { MorningEmailSwitch } from "@/components/morning-email-switch";
import { Card, PageHeader } from "@/components/page-header";
import { EraseCustomer, RetentionSettingsEdit } from "@/components/retention-settings";
import { StoreSettingsEdit } from "@/components/settings-edits";
import { getIntegrityStatus, type IntegrityStatus } from "@/lib/activity/seal/get-integrity-status";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { getRetentionSettings } from "@/lib/stores/get-retention-settings";
import { getMorningEmail } from "@/lib/users/get-morning-email";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { db, user, store, memberships, role } = await requirePageAccess("store:read", "/admin/settings");
  const morningEmail = can(role, "activity:read") ? await getMorningEmail(db, store.storeId, user.id) : null;
  const integrity = can(role, "activity:read") ? await getIntegrityStatus(db, store.storeId) : null;
  const retention = can(role, "settings:write") ? await getRetentionSettings(db, store.storeId) : null;
  return (
    <>
      <PageHeader title="Settings" description="Your store and the stores you belong to." />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card title="Store">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
            <dd>{store.name}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Currency</dt>
            <dd>{store.currency}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Time zone</dt>
            <dd>{store.timeZone}</dd>
          </dl>
          {can(role, "settings:write") ? (
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <StoreSettingsEdit name={store.name} currency={store.currency} timeZone={store.timeZone} />
              <Link
                href="/admin/settings/members"
                className="text-sm font-medium text-brand-600 underline underline-offset-2"
              >
                Members and roles →
              </Link>
            </div>
          ) : null}
        </Card>
        {can(role, "settings:write") ? (
          <Card title="API keys">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Connect other tools to your activity: read it, resolve what needs attention, record your own
              events.
            </p>
            <Link
              href="/admin/settings/api-keys"
              className="mt-2 inline-block text-sm font-medium text-brand-600 underline underline-offset-2"
            >
              Manage API keys →
            </Link>
          </Card>
        ) : null}
        {morningEmail !== null ? (
          <Card title="Your emails">
            <MorningEmailSwitch enabled={morningEmail} timeZone={store.timeZone} />
          </Card>
        ) : null}
        {can(role, "settings:write") ? (
          <Card title="Integrations">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Webhook addresses and signing secrets for Stripe and Printify: what a store needs to go live.
            </p>
            <Link
              href="/admin/settings/integrations"
              className="mt-2 inline-block text-sm font-medium text-brand-600 underline underline-offset-2"
            >
              Stripe and Printify →
            </Link>
          </Card>
        ) : null}
        {retention ? (
          <Card title="Retention and personal data">
            <dl className="grid grid-cols-2 gap-y-1 text-sm">
              <dt className="text-zinc-600 dark:text-zinc-400">Events kept</dt>
              <dd>
                {retention.activityRetentionDays === null
                  ? "for ever"
                  : `${retention.activityRetentionDays} days`}
              </dd>
              <dt className="text-zinc-600 dark:text-zinc-400">Personal data kept</dt>
              <dd>{retention.personalDataDays} days after an order is finished</dd>
            </dl>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              A daily job removes older events and scrubs emails, names, addresses, IPs and browsers from the
              rest; each run is logged as “Retention applied”.
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <RetentionSettingsEdit
                activityRetentionDays={retention.activityRetentionDays}
                personalDataDays={retention.personalDataDays}
              />
              <EraseCustomer />
            </div>
          </Card>
        ) : null}
        {integrity ? (
          <HistoryIntegrity
            view={integrityView(integrity, store.timeZone)}
            checkpointsHref={can(role, "settings:write") ? "/api/activity/checkpoints" : null}
          />
        ) : null}
        <Card title="Your stores">
          <ul className="text-sm">
            {memberships.map((m) => (
              <li key={m.storeId} className="flex justify-between py-1">
                <span>{m.name}</span>
                <span className="text-zinc-600 dark:text-zinc-400">{m.role}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function integrityView(status: IntegrityStatus, timeZone: string): HistoryIntegrityView {
  const when = (date: Date | null) => (date ? formatEventTime(date, timeZone).full : null);
  if (status.state === "failed")
    return { state: "failed", failure: status.failure, failedAt: when(status.failedAt) };
  if (status.state !== "verified") return { state: "pending" };
  return {
    state: "verified",
    throughIso: status.through?.toISOString() ?? null,
    through: when(status.through) ?? "the first sealed row",
    rows: status.rows,
  };
}
