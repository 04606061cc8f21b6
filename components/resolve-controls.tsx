"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Check } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { resolveActivity } from "@/app/admin/activity/resolve-action";
import { attentionCountKey } from "./attention-badge";

export const BULK_FORM_ID = "bulk-resolve";

function useResolve(onResolved?: () => void) {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { ids: string[]; note?: string }) => {
      const result = await resolveActivity(input);
      if (!result.ok) throw new Error(result.error);
      return result;
    },
    onSuccess: () => {
      onResolved?.();
      void queryClient.invalidateQueries({ queryKey: attentionCountKey });
      router.refresh();
    },
  });
}

const noteClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

/**
 * Resolve one warning or error (or several, such as an order's open problems) with an optional
 * note. The form opens as a block of its own below the button's row, so that on a phone it
 * never squeezes the message beside it.
 */
export function ResolveButton({ ids, label = "Resolve" }: { ids: string[]; label?: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const id = useId();
  const resolve = useResolve();
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-expanded={false}
        className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {label}
      </button>
    );
  }
  return (
    <form
      className="basis-full space-y-1.5"
      data-testid="resolve-form"
      onSubmit={(event) => {
        event.preventDefault();
        resolve.mutate({ ids, note: note.trim() || undefined });
      }}
    >
      <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300" htmlFor={`${id}-note`}>
        Resolution note (optional)
      </label>
      <textarea
        id={`${id}-note`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={1000}
        rows={2}
        placeholder="What was done about it, for whoever looks next"
        className={noteClass}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={resolve.isPending}
          className="flex items-center gap-1 rounded-md bg-emerald-700 px-2 py-1 text-xs font-semibold text-white hover:bg-emerald-800 disabled:opacity-60"
        >
          <Check aria-hidden className="size-3" />
          {resolve.isPending ? "Resolving…" : "Confirm"}
        </button>
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="px-1 text-xs text-zinc-600 hover:underline dark:text-zinc-400"
        >
          Cancel
        </button>
      </div>
      {resolve.error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {resolve.error.message}
        </p>
      ) : null}
    </form>
  );
}

const selectedBoxes = () => [
  ...document.querySelectorAll<HTMLInputElement>(`input[name="ids"][form="${BULK_FORM_ID}"]`),
];

/**
 * Resolve every row whose checkbox (form="bulk-resolve") is ticked, with one optional note. The
 * bar appears once something is ticked; "Select all" ticks every row on the page; a success
 * clears the selection and the note.
 */
export function BulkResolveBar() {
  const [selected, setSelected] = useState(0);
  const [total, setTotal] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const count = () => {
    const boxes = selectedBoxes();
    setTotal(boxes.length);
    setSelected(boxes.filter((b) => b.checked).length);
  };
  const resolve = useResolve(() => {
    for (const box of selectedBoxes()) box.checked = false;
    form.current?.reset();
    setSelected(0);
  });
  useEffect(() => {
    count();
    const onChange = (event: Event) => {
      const target = event.target as HTMLInputElement | null;
      if (target?.name === "ids" && target.getAttribute("form") === BULK_FORM_ID) {
        setDone(null);
        count();
      }
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  });
  const selectAll = (checked: boolean) => {
    for (const box of selectedBoxes()) box.checked = checked;
    setDone(null);
    count();
  };

  return (
    <form
      id={BULK_FORM_ID}
      ref={form}
      className="mb-3 space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        const ids = selectedBoxes()
          .filter((b) => b.checked)
          .map((b) => b.value);
        if (ids.length === 0) return;
        const note = String(new FormData(event.currentTarget).get("note") ?? "").trim();
        resolve.mutate(
          { ids, note: note || undefined },
          {
            onSuccess: (data) =>
              setDone(
                `Resolved ${data.resolved}${data.skipped ? `, ${data.skipped} already resolved` : ""}.`,
              ),
          },
        );
      }}
    >
      <label className="flex w-fit items-center gap-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        <input
          type="checkbox"
          checked={total > 0 && selected === total}
          onChange={(e) => selectAll(e.target.checked)}
          className="size-3.5"
          data-testid="select-all"
        />
        Select all on this page
      </label>
      {selected > 0 ? (
        <div
          className="flex flex-wrap items-end gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-700 dark:bg-zinc-800/60"
          data-testid="bulk-bar"
        >
          <div className="min-w-0 flex-1 basis-60">
            <label
              htmlFor="bulk-note"
              className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300"
            >
              Note for the {selected} selected (optional)
            </label>
            <textarea id="bulk-note" name="note" maxLength={1000} rows={2} className={noteClass} />
          </div>
          <button
            type="submit"
            disabled={resolve.isPending}
            className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-white dark:text-zinc-900"
          >
            {resolve.isPending ? "Resolving…" : `Resolve ${selected} selected`}
          </button>
          {resolve.error ? (
            <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-300">
              {resolve.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
      <output className="block text-sm text-zinc-700 dark:text-zinc-300">{done}</output>
    </form>
  );
}
