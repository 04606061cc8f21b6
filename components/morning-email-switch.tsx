"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setMorningEmailAction } from "@/app/admin/settings/settings-actions";

/** The person's own "Morning email" switch for the current store; the change is logged. */
export function MorningEmailSwitch({ enabled, timeZone }: { enabled: boolean; timeZone: string }) {
  const router = useRouter();
  const [on, setOn] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const toggle = () => {
    const next = !on;
    setError(null);
    startTransition(async () => {
      const result = await setMorningEmailAction({ enabled: next });
      if (result.ok) {
        setOn(result.enabled);
        router.refresh();
      } else setError(result.error);
    });
  };

  return (
    <div>
      <div className="flex items-center justify-between gap-3">
        <span id="morning-email-label" className="text-sm font-medium">
          Morning email
        </span>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="morning-email-label"
          aria-describedby="morning-email-hint"
          disabled={pending}
          onClick={toggle}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60 ${
            on ? "bg-brand-600" : "bg-zinc-400 dark:bg-zinc-600"
          }`}
        >
          <span
            aria-hidden="true"
            className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
              on ? "translate-x-5" : "translate-x-0"
            }`}
          />
        </button>
      </div>
      <p id="morning-email-hint" className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        At 8:00 ({timeZone}): what needs attention, the oldest open problems and what resolved itself
        overnight. {on ? "On." : "Off."}
      </p>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
