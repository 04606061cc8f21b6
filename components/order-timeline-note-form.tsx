"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { addNoteAction } from "@/app/admin/orders/[id]/add-note-action";

const MAX = 2000;

/** Adds a staff note to the order's timeline; the server validates it and says what is wrong. */
export function OrderTimelineNoteForm({ orderId }: { orderId: string }) {
  const router = useRouter();
  const id = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const remaining = MAX - note.trim().length;

  const submit = () => {
    if (pending) return;
    setSaved(false);
    startTransition(async () => {
      const result = await addNoteAction({ orderId, note });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setNote("");
      setSaved(true);
      router.refresh();
    });
  };

  return (
    <form
      className="mt-3 border-t border-zinc-100 pt-3 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      data-testid="order-note-form"
    >
      <label
        htmlFor={`${id}-note`}
        className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400"
      >
        Add a note
      </label>
      <textarea
        id={`${id}-note`}
        name="note"
        rows={2}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          if (error) setError(null);
          if (saved) setSaved(false);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            submit();
          }
        }}
        placeholder="Only your team sees notes."
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        className="block w-full resize-y rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950"
      />
      <div className="mt-1.5 flex flex-wrap items-center justify-between gap-2">
        <p
          id={`${id}-hint`}
          className={`text-xs tabular-nums ${remaining < 0 ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}
        >
          {remaining < 0
            ? `${-remaining} too many characters`
            : remaining < 200
              ? `${remaining} characters left`
              : "Ctrl + Enter to add"}
        </p>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 disabled:opacity-60 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200"
        >
          {pending ? "Adding…" : "Add note"}
        </button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p role="status" className="sr-only">
        {saved ? "Note added to the timeline." : ""}
      </p>
    </form>
  );
}
