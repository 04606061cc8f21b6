import { switchStore } from "@/app/admin/switch-store-action";
import type { MembershipSummary } from "@/lib/auth/list-memberships";

/** For people in several stores: pick the one to work in (works without JavaScript). */
export function StoreSwitcher({
  current,
  memberships,
}: {
  current: string;
  memberships: MembershipSummary[];
}) {
  if (memberships.length < 2) return null;
  return (
    <form action={switchStore} className="mt-2 flex gap-1">
      <label htmlFor="store-switcher" className="sr-only">
        Store
      </label>
      <select
        id="store-switcher"
        name="store"
        defaultValue={current}
        className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      >
        {memberships.map((m) => (
          <option key={m.storeId} value={m.slug}>
            {m.name} ({m.role})
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Switch
      </button>
    </form>
  );
}
