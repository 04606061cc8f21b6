import Form from "next/form";
import Link from "next/link";

const field =
  "w-64 max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

/**
 * Search the orders list by number (`1042`, `#1042`) or customer email. A GET form whose only
 * field is `q`, so a search is a link; it works without JavaScript.
 */
export function OrdersSearch({ q }: { q: string }) {
  return (
    <Form
      // Remount on a new search so the uncontrolled field shows what the URL says.
      key={q}
      action="/admin/orders"
      role="search"
      aria-label="Search orders"
      className="mb-4 flex flex-wrap items-end gap-2"
    >
      <div>
        <label htmlFor="orders-q" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Order number or customer email
        </label>
        <input
          id="orders-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          placeholder="#1042 or sam@example.com"
          autoComplete="off"
          className={field}
        />
      </div>
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200"
      >
        Search
      </button>
      {q ? (
        <Link
          href="/admin/orders"
          className="py-1.5 text-sm font-medium text-brand-600 underline underline-offset-2"
        >
          Clear search
        </Link>
      ) : null}
    </Form>
  );
}
