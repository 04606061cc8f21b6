"use client";

import { Copy, KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/admin/settings/api-keys/api-key-actions";
import { Dialog, DialogButton, focusRing } from "./ui/dialog";

const scopeChoices = [
  { value: "activity:read", label: "Read activity", hint: "list and read events, the attention count" },
  { value: "activity:write", label: "Write activity", hint: "record events, resolve warnings and errors" },
] as const;

/** Create a key: a name and scopes; the key is then shown once, with a copy button. */
export function ApiKeyCreateForm() {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["activity:read"]);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ key: string; prefix: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();

  return (
    <>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await createApiKeyAction({ name, scopes });
            if (!result.ok) {
              setError(result.error);
              return;
            }
            setError(null);
            setName("");
            setCopied(false);
            setCreated({ key: result.key, prefix: result.prefix });
            router.refresh();
          });
        }}
      >
        <div>
          <label htmlFor={`${id}-name`} className="mb-1 block text-xs font-medium">
            Name
          </label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            placeholder="e.g. Zapier"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className={`rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`}
          />
        </div>
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="mb-1 text-xs font-medium">Scopes</legend>
          {scopeChoices.map((scope) => (
            <label key={scope.value} className="flex items-center gap-1.5" title={scope.hint}>
              <input
                type="checkbox"
                checked={scopes.includes(scope.value)}
                onChange={(e) =>
                  setScopes((s) =>
                    e.target.checked ? [...s, scope.value] : s.filter((v) => v !== scope.value),
                  )
                }
              />
              {scope.label}
              <span className="sr-only"> ({scope.hint})</span>
            </label>
          ))}
        </fieldset>
        <DialogButton type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          <span className="flex items-center gap-1.5">
            <KeyRound aria-hidden className="size-3.5" />
            {pending ? "Creating…" : "Create key"}
          </span>
        </DialogButton>
        {error ? (
          <p id={`${id}-error`} role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </form>
      <Dialog
        open={created !== null}
        onOpenChange={(open) => {
          if (!open) setCreated(null);
        }}
        title="Your new API key"
        description="Copy it now: this is the only time it is shown. Store it like a password."
      >
        <div className="mt-3 flex items-center gap-2">
          <code
            data-testid="new-api-key"
            className="min-w-0 flex-1 rounded-md bg-zinc-100 px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-800"
          >
            {created?.key}
          </code>
          <DialogButton
            type="button"
            onClick={async () => {
              if (!created) return;
              try {
                await navigator.clipboard.writeText(created.key);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            <span className="flex items-center gap-1.5">
              <Copy aria-hidden className="size-3.5" />
              Copy
            </span>
          </DialogButton>
        </div>
        <p role="status" className="mt-2 text-xs text-emerald-700 dark:text-emerald-400">
          {copied ? "Copied to the clipboard." : ""}
        </p>
        <div className="mt-4 flex justify-end">
          <DialogButton type="button" variant="primary" onClick={() => setCreated(null)}>
            Done
          </DialogButton>
        </div>
      </Dialog>
    </>
  );
}

/** Revoke a key, after a confirmation; an error stays in the dialog. */
export function ApiKeyRevokeButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        aria-haspopup="dialog"
        className={`rounded-md border border-red-300 px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950/40 ${focusRing}`}
      >
        Revoke<span className="sr-only"> {name}</span>
      </button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (!next && !pending) setOpen(false);
        }}
        title={`Revoke “${name}”?`}
        description="Anything using this key stops working at once. This cannot be undone."
      >
        {error ? (
          <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <DialogButton type="button" onClick={() => setOpen(false)} disabled={pending}>
            Go back
          </DialogButton>
          <DialogButton
            type="button"
            variant="danger"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await revokeApiKeyAction({ id });
                if (!result.ok) {
                  setError(result.error);
                  return;
                }
                setOpen(false);
                router.refresh();
              })
            }
          >
            {pending ? "Revoking…" : "Revoke key"}
          </DialogButton>
        </div>
      </Dialog>
    </>
  );
}
