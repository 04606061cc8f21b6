import { SlidersHorizontal } from "lucide-react";
import type { ReactNode } from "react";
import type { ActivityLevel } from "@/db/schema";
import {
  CUSTOM_PREFIX,
  type FeedFormValues,
  feedHref,
  feedTypeGroups,
  isCustomTypeFilter,
} from "@/lib/activity/read/parse-feed-params";
import {
  ActivityFilterFormShell,
  ActivityFilterLink,
  ActivityFilterSubmit,
} from "./activity-filter-navigation";
import { LevelIcon } from "./level-icon";

/** Every level, in order, with its label (a new level does not compile without one). */
const levelLabels: Record<ActivityLevel, string> = { info: "Info", warning: "Warning", error: "Error" };
const levels = Object.keys(levelLabels) as ActivityLevel[];

const field =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const labelClass = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/**
 * The feed's filters as a plain GET form whose fields are the URL params, so a filtered view is
 * a link, and the form works without JavaScript. Dates are days in the store's time zone.
 */
export function ActivityFilterForm({
  values,
  timeZone,
  customTypes = [],
}: {
  values: FeedFormValues;
  timeZone: string;
  /** The integrations' own types (`custom.…`) present in the store. */
  customTypes?: string[];
}) {
  // A custom type asked for by URL stays selectable even before any such event exists.
  const custom =
    values.type && values.type !== CUSTOM_PREFIX && isCustomTypeFilter(values.type)
      ? [...new Set([...customTypes, values.type])].sort()
      : customTypes;
  const clearHref = feedHref({ ...values, level: [], type: "", from: "", to: "", q: "", order: "" });
  const active =
    values.level.length +
    [values.type, values.from, values.to, values.q, values.order].filter(Boolean).length;
  // On a phone the filters fold behind one button (a checkbox, so it works without JavaScript);
  // from `md` up they are always shown. Open at first when some filter is on.
  return (
    <div>
      <input
        id="activity-filters-toggle"
        type="checkbox"
        defaultChecked={active > 0}
        className="peer sr-only md:hidden"
      />
      <label
        htmlFor="activity-filters-toggle"
        className="mb-3 inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 md:hidden dark:border-zinc-700 dark:bg-zinc-900"
      >
        <SlidersHorizontal aria-hidden className="size-4" />
        Filters{active > 0 ? ` (${active} on)` : ""}
      </label>
      <div className="hidden peer-checked:block md:block">
        <ActivityFilterFormShell
          // Remount on every new URL so the uncontrolled fields show what the URL says.
          key={feedHref(values)}
          action="/admin/activity"
          role="search"
          aria-label="Filter activity"
          className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          {values.tab === "attention" ? <input type="hidden" name="tab" value="attention" /> : null}
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Field id="activity-q" label="Search messages" className="sm:col-span-2">
              <input
                id="activity-q"
                name="q"
                type="search"
                defaultValue={values.q}
                maxLength={200}
                placeholder="e.g. Printify"
                className={field}
              />
            </Field>
            <Field id="activity-order" label="Order number">
              <input
                id="activity-order"
                name="order"
                defaultValue={values.order}
                placeholder="#1042"
                autoComplete="off"
                className={field}
              />
            </Field>
            <Field id="activity-type" label="Event type">
              <select id="activity-type" name="type" defaultValue={values.type} className={field}>
                <option value="">All event types</option>
                {feedTypeGroups.map((group) => (
                  <optgroup key={group.prefix.value} label={group.label}>
                    <option value={group.prefix.value}>{group.prefix.label}</option>
                    {group.types.map((type) => (
                      <option key={type.value} value={type.value}>
                        {type.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
                <optgroup label="Custom">
                  <option value={CUSTOM_PREFIX}>All custom events</option>
                  {custom.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </optgroup>
              </select>
            </Field>
            <Field id="activity-from" label="From">
              <input
                id="activity-from"
                name="from"
                type="date"
                defaultValue={values.from}
                aria-describedby="activity-dates-hint"
                className={field}
              />
            </Field>
            <Field id="activity-to" label="To">
              <input
                id="activity-to"
                name="to"
                type="date"
                defaultValue={values.to}
                aria-describedby="activity-dates-hint"
                className={field}
              />
            </Field>
            <fieldset className="sm:col-span-2">
              <legend className={labelClass}>Level</legend>
              <div className="flex flex-wrap gap-2">
                {levels.map((level) => (
                  <label
                    key={level}
                    className="flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-2 py-1 text-sm has-[:checked]:border-zinc-900 has-[:checked]:bg-zinc-100 dark:border-zinc-700 dark:has-[:checked]:border-zinc-300 dark:has-[:checked]:bg-zinc-800"
                  >
                    <input
                      type="checkbox"
                      name="level"
                      value={level}
                      defaultChecked={values.level.includes(level)}
                      className="size-3.5"
                    />
                    <span aria-hidden className="flex w-4 justify-center">
                      <LevelIcon level={level} />
                    </span>
                    {levelLabels[level]}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <ActivityFilterSubmit className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900" />
            <ActivityFilterLink
              href={clearHref}
              className="text-sm text-zinc-600 hover:underline dark:text-zinc-400"
            >
              Clear filters
            </ActivityFilterLink>
            <p id="activity-dates-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
              Dates are whole days in the store’s time zone ({timeZone}).
            </p>
          </div>
        </ActivityFilterFormShell>
      </div>
    </div>
  );
}

/** A filter field under its label. */
function Field({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
    </div>
  );
}
