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
    if (!at) return <span className="text-zinc-500">never</span>;
    const time = formatEventTime(at, store.timeZone, now);
    return <EventTime iso={at.toISOString()} label={time.short} full={time.full} />;
  };
  return (
    <>
      <PageHeader
        title="API keys"
        description="Let other tools read your activity and write their own events. See the API reference at /api/v1/openapi.json."
      >
        <Link
          href="/admin/settings"
          className="text-sm font-medium text-brand-600 underline underline-offset-2"
        >
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
            <div className="md:overflow-x-auto">
              {/* On a phone each key is a card: name and status, then the key, scopes and dates. */}
              <table className="block w-full text-left text-sm md:table" data-testid="api-keys">
                <thead className="sr-only text-xs text-zinc-500 md:not-sr-only md:table-header-group">
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
                <tbody className="block divide-y divide-zinc-100 md:table-row-group dark:divide-zinc-800">
                  {keys.map((key) => (
                    <tr
                      key={key.id}
                      data-key-prefix={key.prefix}
                      className={`grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 py-3 md:table-row md:py-0 ${
                        key.revokedAt ? "text-zinc-500" : ""
                      }`}
                    >
                      <td className="order-1 font-medium break-words md:py-2 md:pr-3">{key.name}</td>
                      <td className="order-3 font-mono text-xs md:py-2 md:pr-3">{key.prefix}…</td>
                      <td className="order-4 col-span-2 text-xs break-words md:py-2 md:pr-3">
                        <span className="md:sr-only">Scopes: </span>
                        {key.scopes.join(", ")}
                      </td>
                      <td className="order-5 text-xs md:py-2 md:pr-3">
                        <span className="md:sr-only">Created </span>
                        {when(key.createdAt)}
                      </td>
                      <td className="order-6 text-right text-xs md:py-2 md:pr-3 md:text-left">
                        <span className="md:sr-only">Last used </span>
                        {when(key.lastUsedAt)}
                      </td>
                      <td className="order-2 text-right md:py-2">
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
