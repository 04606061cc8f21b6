"use client";

import { DatabaseZap, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";
import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/platform/database-unavailable";

type Props = { error: Error & { digest?: string }; reset: () => void };

/**
 * A page that failed to render. When the database is the cause — the error's digest says so,
 * or /api/health (bounded, never hangs) reports it — the page says that and that it passes;
 * the server answered within its database budget instead of hanging.
 */
export default function PageError({ error, reset }: Props) {
  const router = useRouter();
  const [databaseDown, setDatabaseDown] = useState(error.digest === DATABASE_UNAVAILABLE_DIGEST);

  useEffect(() => {
    if (databaseDown) return;
    const controller = new AbortController();
    fetch("/api/health", { cache: "no-store", signal: controller.signal })
      .then((response) => response.json() as Promise<{ database?: { ok?: boolean } }>)
      .then((health) => {
        if (health.database?.ok === false) setDatabaseDown(true);
      })
      .catch(() => {});
    return () => controller.abort();
  }, [databaseDown]);

  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });

  const Icon = databaseDown ? DatabaseZap : TriangleAlert;
  return (
    <main
      id="content"
      role="alert"
      className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-8 text-center"
    >
      <Icon aria-hidden className="size-10 text-amber-500" />
      <h1 className="text-xl font-semibold">
        {databaseDown ? "The database is unavailable" : "This page could not be loaded"}
      </h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {databaseDown
          ? "We can’t reach our database right now, so this page can’t be shown. Nothing you did caused this, and it usually clears up by itself — try again in a few seconds."
          : "Something went wrong on our side. Try again in a few seconds."}
      </p>
      <button
        type="button"
        onClick={retry}
        className="rounded-md bg-brand-600 dark:bg-brand-700 dark:hover:bg-brand-800 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Try again
      </button>
    </main>
  );
}
