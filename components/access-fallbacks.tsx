import { SearchX, ShieldAlert } from "lucide-react";
import Link from "next/link";

const box = "mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-8 text-center";
const link = "text-sm font-medium text-brand-600 underline underline-offset-2";

/** The 403 message: signed in, but this page is not part of the person's role in the store. */
export function ForbiddenMessage() {
  return (
    <div className={box} data-testid="forbidden">
      <ShieldAlert aria-hidden className="size-10 text-amber-500" />
      <h1 className="text-xl font-semibold">You don’t have access to this page</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Error 403. Your role in this store does not include it. Ask the store’s owner if you need access.
      </p>
      <Link href="/admin" className={link}>
        Back to the dashboard
      </Link>
    </div>
  );
}

/** The 404 message: the address leads nowhere. */
export function NotFoundMessage() {
  return (
    <div className={box} data-testid="not-found">
      <SearchX aria-hidden className="size-10 text-zinc-500" />
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Error 404. The page may have moved, or the link is wrong.
      </p>
      <Link href="/admin" className={link}>
        Back to the dashboard
      </Link>
    </div>
  );
}
