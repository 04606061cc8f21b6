import { ShieldAlert } from "lucide-react";
import Link from "next/link";

/** Rendered with HTTP 403 when `forbidden()` is called: the person is signed in but may not see this. */
export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-8 text-center">
      <ShieldAlert aria-hidden className="size-10 text-amber-500" />
      <h1 className="text-xl font-semibold">You don’t have access to this page</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Error 403. Your role in this store does not include it. Ask the store’s owner if you need access.
      </p>
      <Link href="/admin" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-500">
        Back to the dashboard
      </Link>
    </main>
  );
}
