import type { Metadata } from "next";
import Link from "next/link";
import { EventTime } from "@/components/event-time";
import { CopyableUrl, PrintifyShopForm, SecretForm, TestDeliveryButton } from "@/components/integrations";
import { Card, PageHeader } from "@/components/page-header";
import { requirePageAccess } from "@/lib/http/access";
import { appUrl } from "@/lib/platform/config";
import { formatEventTime } from "@/lib/platform/format/format-event-time";
import { getStoreIntegrations, type SecretState, webhookUrls } from "@/lib/stores/get-integrations";

export const metadata: Metadata = { title: "Integrations" };

const muted = "text-sm text-zinc-600 dark:text-zinc-400";

function SecretStatus({ state, timeZone, now }: { state: SecretState; timeZone: string; now: Date }) {
  if (!state.current)
    return <p className={muted}>No signing secret yet: deliveries are refused until one is set.</p>;
  const until = state.previous ? formatEventTime(state.previous.validUntil, timeZone, now) : null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className={muted}>Current secret</dt>
      <dd>
        <code className="font-mono" data-testid="current-secret">
          {state.current}
        </code>
      </dd>
      {state.previous && until ? (
        <>
          <dt className={muted}>Previous secret</dt>
          <dd>
            <code className="font-mono">{state.previous.masked}</code>, accepted until{" "}
            <EventTime iso={state.previous.validUntil.toISOString()} label={until.full} full={until.full} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * Settings → Integrations (owners): what taking the store live needs — its webhook URLs, the
 * signing secrets (masked once saved; rotating keeps the old one working for 24 hours), the
 * Printify shop ID, and a signed test delivery to prove each endpoint and secret work.
 */
export default async function IntegrationsPage() {
  const { db, store } = await requirePageAccess("settings:write", "/admin/settings/integrations");
  const now = new Date();
  const integrations = await getStoreIntegrations(db, store.storeId, now);
  const urls = webhookUrls(appUrl(), integrations.slug);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect this store to Stripe and Printify. Every change here is logged; secrets only ever in masked form."
      >
        <Link
          href="/admin/settings"
          className="text-sm font-medium text-brand-600 hover:underline dark:text-blue-300"
        >
          ← Settings
        </Link>
      </PageHeader>
      <div className="grid min-w-0 grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Stripe">
          <div className="space-y-4">
            <p className={muted}>
              In Stripe, Developers → Webhooks → Add endpoint: paste this URL, choose the checkout, payment
              and refund events, then copy the endpoint's signing secret here. When you roll the secret in
              Stripe, rotate it here too: Stripe signs with both for a while, and the old one keeps working
              here for 24 hours.
            </p>
            <CopyableUrl label="Stripe webhook URL" url={urls.stripe} />
            <SecretStatus state={integrations.stripe} timeZone={store.timeZone} now={now} />
            <SecretForm
              provider="stripe"
              label="Stripe signing secret"
              hasSecret={Boolean(integrations.stripe.current)}
              placeholder="whsec_…"
            />
            {integrations.stripe.current ? <TestDeliveryButton provider="stripe" label="Stripe" /> : null}
          </div>
        </Card>
        <Card title="Printify">
          <div className="space-y-4">
            <p className={muted}>
              Register this URL for the order events with Printify's webhooks API, with the secret you choose;
              enter the same secret here. The shop ID is the number in your Printify shop's address.
            </p>
            <CopyableUrl label="Printify webhook URL" url={urls.printify} />
            <SecretStatus state={integrations.printify} timeZone={store.timeZone} now={now} />
            <SecretForm
              provider="printify"
              label="Printify webhook secret"
              hasSecret={Boolean(integrations.printify.current)}
              placeholder="at least 16 characters"
            />
            <PrintifyShopForm shopId={integrations.printify.shopId} />
            {integrations.printify.current ? (
              <TestDeliveryButton provider="printify" label="Printify" />
            ) : null}
          </div>
        </Card>
      </div>
    </>
  );
}
