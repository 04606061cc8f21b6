"use client";

import { Bookmark, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { createSavedViewAction, deleteSavedViewAction } from "@/app/admin/activity/saved-view-actions";
import { ActivityFilterLink } from "./activity-filter-navigation";

type View = { id: string; name: string; query: string };

const chip =
  "inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-600";

/**
 * A person's saved views of the feed, as links (a view is its filter query), and a form to save
 * the current filters under a name. Errors (a name already used) stay visible by the field.
 */
export function SavedViews({ views, currentQuery }: { views: View[]; currentQuery: string }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const canSave = currentQuery !== "" && !views.some((v) => v.query === currentQuery);

  const save = () =>
    startTransition(async () => {
      const result = await createSavedViewAction({ name, query: currentQuery });
      if (!result.ok) return setError(result.error);
      setError(null);
      setName("");
      setOpen(false);
      router.refresh();
    });
  const remove = (view: View) =>
    startTransition(async () => {
      const result = await deleteSavedViewAction({ id: view.id });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });

  if (views.length === 0 && !canSave) return null;
  return (
    <section aria-label="Saved views" className="mb-3" data-testid="saved-views">
      <div className="flex flex-wrap items-center gap-2">
        {views.length ? (
          <span className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Saved views:</span>
        ) : null}
        {views.map((view) => {
          const current = view.query === currentQuery;
          return (
            <span
              key={view.id}
              className={`${chip} ${
                current
                  ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                  : "border-zinc-300 bg-white text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
              }`}
            >
              <ActivityFilterLink
                href={`/admin/activity?${view.query}`}
                aria-current={current ? "page" : undefined}
                className="hover:underline"
                data-testid="saved-view"
              >
                {view.name}
              </ActivityFilterLink>
              <button
                type="button"
                onClick={() => remove(view)}
                disabled={pending}
                aria-label={`Delete the view “${view.name}”`}
                className="-mr-1 rounded-full p-0.5 hover:bg-zinc-200 dark:hover:bg-zinc-700"
              >
                <X aria-hidden className="size-3" />
              </button>
            </span>
          );
        })}
        {canSave && !open ? (
          <button
            type="button"
            onClick={() => setOpen(true)}
            className={`${chip} border-dashed border-zinc-400 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-600 dark:text-zinc-300 dark:hover:bg-zinc-800`}
          >
            <Bookmark aria-hidden className="size-3" />
            Save this view
          </button>
        ) : null}
      </div>
      {open ? (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <div className="min-w-0 flex-1 basis-48">
            <label
              htmlFor={`${id}-name`}
              className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300"
            >
              Name of the view
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (error) setError(null);
              }}
              maxLength={60}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              placeholder="e.g. Failed emails"
              className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950"
            />
          </div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-white dark:text-zinc-900"
          >
            {pending ? "Saving…" : "Save view"}
          </button>
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              setError(null);
            }}
            className="px-1 py-1 text-sm text-zinc-600 hover:underline dark:text-zinc-400"
          >
            Cancel
          </button>
        </form>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </section>
  );
}
