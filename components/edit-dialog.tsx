"use client";

import { Eraser, Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Dialog, DialogButton, focusRing } from "./ui/dialog";

export type EditField = {
  name: string;
  label: string;
  value: string;
  kind?: "text" | "textarea" | "select";
  options?: { value: string; label: string }[];
  hint?: string;
};

export type EditResult = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * An "Edit" button and its dialog: labelled fields, the server's answer per field (shown next
 * to it and announced), and on success the page refreshes — the change is on the timeline.
 */
export function EditDialog({
  label,
  title,
  description,
  fields,
  save,
  fieldPrefix = "",
  about,
  submitLabel = "Save",
  pendingLabel = "Saving…",
  danger = false,
}: {
  /** The confirming button ("Remove" for a removal). */
  submitLabel?: string;
  /** The confirming button's text while the server works. */
  pendingLabel?: string;
  /** A change that cannot be undone: both buttons are red. */
  danger?: boolean;
  label: string;
  /** What the button edits, for screen readers when several buttons share a label. */
  about?: string;
  title: string;
  description?: string;
  fields: EditField[];
  save: (values: Record<string, string>) => Promise<EditResult>;
  /** How the server names these fields in its errors (`address.` for `address.city`). */
  fieldPrefix?: string;
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const reset = () => {
    setValues(Object.fromEntries(fields.map((f) => [f.name, f.value])));
    setError(null);
    setFieldErrors({});
  };
  const input = `block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 ${focusRing}`;
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => {
          reset();
          setOpen(true);
        }}
        className={`flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium ${
          danger
            ? "border-red-300 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950/40"
            : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        } ${focusRing}`}
      >
        {danger ? <Eraser aria-hidden className="size-3.5" /> : <Pencil aria-hidden className="size-3.5" />}
        {label}
        {about ? <span className="sr-only"> {about}</span> : null}
      </button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (!next && !pending) setOpen(false);
        }}
        title={title}
        description={description}
      >
        <form
          className="mt-3 space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await save(values);
              if (!result.ok) {
                setError(result.error);
                const byField: Record<string, string> = {};
                for (const [path, message] of Object.entries(result.fieldErrors ?? {}))
                  byField[path.startsWith(fieldPrefix) ? path.slice(fieldPrefix.length) : path] = message;
                setFieldErrors(byField);
                return;
              }
              setOpen(false);
              router.refresh();
            });
          }}
        >
          {fields.map((field) => {
            const fieldId = `${id}-${field.name}`;
            const problem = fieldErrors[field.name];
            const common = {
              id: fieldId,
              name: field.name,
              value: values[field.name] ?? "",
              "aria-invalid": problem ? true : undefined,
              "aria-describedby": problem ? `${fieldId}-error` : undefined,
              className: input,
            };
            const change = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
            return (
              <div key={field.name}>
                <label htmlFor={fieldId} className="mb-1 block text-xs font-medium">
                  {field.label}
                </label>
                {field.kind === "textarea" ? (
                  <textarea {...common} rows={4} onChange={(e) => change(e.target.value)} />
                ) : field.kind === "select" ? (
                  <select {...common} onChange={(e) => change(e.target.value)}>
                    {field.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input {...common} onChange={(e) => change(e.target.value)} />
                )}
                {problem ? (
                  <p id={`${fieldId}-error`} className="mt-1 text-xs text-red-700 dark:text-red-300">
                    {problem}
                  </p>
                ) : field.hint ? (
                  <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{field.hint}</p>
                ) : null}
              </div>
            );
          })}
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <DialogButton type="button" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </DialogButton>
            <DialogButton
              type="submit"
              variant={danger ? "danger" : "primary"}
              disabled={pending}
              aria-busy={pending}
            >
              {pending ? pendingLabel : submitLabel}
            </DialogButton>
          </div>
        </form>
      </Dialog>
    </>
  );
}
