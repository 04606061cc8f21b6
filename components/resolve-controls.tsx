"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { resolveActivity } from "@/app/admin/activity/resolve-action";
import { attentionCountKey } from "./attention-badge";

export const BULK_FORM_ID = "bulk-resolve";

function useResolve() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { ids: string[]; note?: string }) => {
      const result = await resolveActivity(input);
      if (!result.ok) throw new Error(result.error);
      return result;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: attentionCountKey });
      router.refresh();
    },
  });
}

/** Resolve one warning or error, with an optional note. */
export function ResolveButton({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const resolve = useResolve();
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Resolve
      </button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        resolve.mutate({ ids: [id], note: note.trim() || undefined });
      }}
    >
      <label className="sr-only" htmlFor={`note-${id}`}>
        Resolution note (optional)
      </label>
      <input
        id={`note-${id}`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={1000}
        placeholder="Note (optional)"
        className="w-48 rounded-md border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-950"
      />
      <button
        type="submit"
        disabled={resolve.isPending}
        className="flex items-center gap-1 rounded-md bg-emerald-600 px-2 py-0.5 text-xs font-semibold text-white hover:bg-emerald-700 disabled:opacity-60"
      >
        <Check aria-hidden className="size-3" />
        {resolve.isPending ? "Resolving…" : "Confirm"}
      </button>
      <button
        type="button"
        onClick={() => setOpen(false)}
        className="px-1 text-xs text-zinc-500 hover:underline"
      >
        Cancel
      </button>
      {resolve.error ? (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {resolve.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Resolve every row whose checkbox (form="bulk-resolve") is ticked, with one optional note. */
export function BulkResolveBar() {
  const resolve = useResolve();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      id={BULK_FORM_ID}
      className="mb-3 flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const ids = form.getAll("ids").map(String);
        if (ids.length === 0) return setError("Tick the events to resolve first.");
        setError(null);
        resolve.mutate({ ids, note: String(form.get("note") ?? "").trim() || undefined });
      }}
    >
      <label className="sr-only" htmlFor="bulk-note">
        Note for the selected events (optional)
      </label>
      <input
        id="bulk-note"
        name="note"
        maxLength={1000}
        placeholder="Note (optional)"
        className="w-56 rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
      <button
        type="submit"
        disabled={resolve.isPending}
        className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-white dark:text-zinc-900"
      >
        {resolve.isPending ? "Resolving…" : "Resolve selected"}
      </button>
      {error || resolve.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error ?? resolve.error?.message}
        </p>
      ) : null}
      {resolve.data ? (
        <output className="text-sm text-zinc-600 dark:text-zinc-400">
          Resolved {resolve.data.resolved}
          {resolve.data.skipped ? `, ${resolve.data.skipped} already resolved` : ""}.
        </output>
      ) : null}
    </form>
  );
}
