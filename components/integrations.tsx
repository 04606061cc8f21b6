"use client";

import { Check, Copy, RotateCw, Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import {
  rotateWebhookSecretAction,
  sendTestDeliveryAction,
  updatePrintifyShopAction,
} from "@/app/admin/settings/integrations/integrations-actions";
import { DialogButton, focusRing } from "./ui/dialog";

type Provider = "stripe" | "printify";

const fieldClass = `w-full min-w-0 rounded-md border border-zinc-300 px-2.5 py-1.5 font-mono aria-invalid:border-red-500 dark:border-zinc-700 ${focusRing}`;
const inputClass = `${fieldClass} bg-white text-sm dark:bg-zinc-950`;

/** A webhook URL to paste into the provider's dashboard, with a Copy button. */
export function CopyableUrl({ label, url }: { label: string; url: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <label htmlFor={`${id}-url`} className="mb-1 block text-xs font-medium">
        {label}
      </label>
      <div className="flex min-w-0 items-center gap-2">
        <input
          id={`${id}-url`}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className={`${fieldClass} flex-1 bg-zinc-100 text-xs dark:bg-zinc-800`}
        />
        <DialogButton
          type="button"
          aria-label={`Copy ${label}`}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          <span className="flex items-center gap-1.5">
            {copied ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
            {copied ? "Copied" : "Copy"}
          </span>
        </DialogButton>
      </div>
      <p role="status" className="sr-only">
        {copied ? "Copied to the clipboard." : ""}
      </p>
    </div>
  );
}

/** Set or rotate one provider's signing secret; what is wrong with it shows under the field. */
export function SecretForm({
  provider,
  label,
  hasSecret,
  placeholder,
}: {
  provider: Provider;
  label: string;
  hasSecret: boolean;
  placeholder: string;
}) {
  const router = useRouter();
  const id = useId();
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(null);
        startTransition(async () => {
          const result = await rotateWebhookSecretAction({ provider, secret });
          if (!result.ok) {
            setError(result.fieldErrors?.secret ?? result.error);
            return;
          }
          setError(null);
          setSecret("");
          setSaved(hasSecret ? "Rotated. The previous secret keeps working for 24 hours." : "Saved.");
          router.refresh();
        });
      }}
    >
      <label htmlFor={`${id}-secret`} className="block text-xs font-medium">
        {hasSecret ? `New ${label}` : label}
      </label>
      <div className="flex flex-wrap items-start gap-2">
        <input
          id={`${id}-secret`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${inputClass} flex-1 basis-56`}
        />
        <DialogButton type="submit" variant="primary" disabled={pending || !secret} aria-busy={pending}>
          <span className="flex items-center gap-1.5">
            <RotateCw aria-hidden className="size-3.5" />
            {pending ? "Saving…" : hasSecret ? "Rotate secret" : "Save secret"}
          </span>
        </DialogButton>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {saved ?? ""}
      </p>
    </form>
  );
}

/** The Printify shop this store's orders and products belong to. */
export function PrintifyShopForm({ shopId }: { shopId: string | null }) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(shopId ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        startTransition(async () => {
          const result = await updatePrintifyShopAction({ shopId: value });
          if (!result.ok) {
            setError(result.fieldErrors?.shopId ?? result.error);
            return;
          }
          setError(null);
          setSaved(true);
          router.refresh();
        });
      }}
    >
      <label htmlFor={`${id}-shop`} className="block text-xs font-medium">
        Printify shop ID
      </label>
      <div className="flex flex-wrap items-start gap-2">
        <input
          id={`${id}-shop`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${inputClass} flex-1 basis-40`}
        />
        <DialogButton type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save shop ID"}
        </DialogButton>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {saved ? "Saved." : ""}
      </p>
    </form>
  );
}

/** Signs a test event with the current secret and delivers it to this store's own endpoint. */
export function TestDeliveryButton({ provider, label }: { provider: Provider; label: string }) {
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <DialogButton
        type="button"
        disabled={pending}
        aria-busy={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await sendTestDeliveryAction({ provider });
            setOutcome(
              result.ok
                ? { ok: true, text: `Accepted: the test delivery ${result.eventId} is in the activity feed.` }
                : { ok: false, text: result.error },
            );
          })
        }
      >
        <span className="flex items-center gap-1.5">
          <Send aria-hidden className="size-3.5" />
          {pending ? "Sending…" : `Send a test ${label} delivery`}
        </span>
      </DialogButton>
      <div role="status" className="text-sm">
        {outcome ? (
          outcome.ok ? (
            <p className="text-emerald-700 dark:text-emerald-400">
              {outcome.text}{" "}
              <Link
                href="/admin/activity?type=webhook.test_received"
                className="font-medium text-brand-600 underline dark:text-blue-300"
              >
                See it
              </Link>
            </p>
          ) : (
            <p className="text-red-700 dark:text-red-300">{outcome.text}</p>
          )
        ) : null}
      </div>
    </div>
  );
}
