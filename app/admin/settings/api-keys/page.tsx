import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyCreateForm, ApiKeyRevokeButton } from "@/components/api-keys";
import { EventTime } from "@/components/event-time";
import { Card, PageHeader } from "@/components/page-header";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { requirePageAccess } from "@/lib/http/access";
import { formatEventTime } from "@/lib/platform/format/format-event-time";

export const metadata: Metadata = { title: "API keys" };

/** Owners create and revoke the store's API keys; the key itself is shown once. */
export default async function ApiKeysPage() {
  const { db, store } = await requirePageAccess("settings:write", "/admin/settings/api-keys");
  const keys = await listApiKeys(db, store.storeId);
  const now = new Date();
  const when = (at: Date | null) => {
    if (!at) return <span className="text-zinc-400">never</span>;
    const time = formatEventTime(at, store.timeZone, now);
    return <EventTime iso={at.toISOString()} label={time.short} full={time.full} />;
  };
  return (
    <>
      <PageHeader
        title="API keys"
        description="Let other tools read your activity and write their own events. See the API reference at /api/v1/openapi.json."
      >
        <Link href="/admin/settings" className="text-sm font-medium text-brand-600 hover:underline">
          ← Settings
        </Link>
      </PageHeader>
      <div className="space-y-4">
        <Card title="New key">
          <ApiKeyCreateForm />
        </Card>
        <Card title="Keys">
          {keys.length === 0 ? (
            <p className="text-sm text-zinc-500">No keys yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="api-keys">
                <thead className="text-xs text-zinc-500">
                  <tr>
                    <th className="py-1.5 pr-3 font-medium">Name</th>
                    <th className="py-1.5 pr-3 font-medium">Key</th>
                    <th className="py-1.5 pr-3 font-medium">Scopes</th>
                    <th className="py-1.5 pr-3 font-medium">Created</th>
                    <th className="py-1.5 pr-3 font-medium">Last used</th>
                    <th className="py-1.5 font-medium">
                      <span className="sr-only">Status</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {keys.map((key) => (
                    <tr
                      key={key.id}
                      data-key-prefix={key.prefix}
                      className={key.revokedAt ? "text-zinc-400" : ""}
                    >
                      <td className="py-2 pr-3 font-medium">{key.name}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{key.prefix}…</td>
                      <td className="py-2 pr-3 text-xs">{key.scopes.join(", ")}</td>
                      <td className="py-2 pr-3 text-xs">{when(key.createdAt)}</td>
                      <td className="py-2 pr-3 text-xs">{when(key.lastUsedAt)}</td>
                      <td className="py-2 text-right">
                        {key.revokedAt ? (
                          <span className="text-xs">
                            Revoked {formatEventTime(key.revokedAt, store.timeZone, now).short}
                          </span>
                        ) : (
                          <ApiKeyRevokeButton id={key.id} name={key.name} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
