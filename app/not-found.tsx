import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Error 404. The page may have moved, or the link is wrong.
      </p>
      <Link href="/admin" className="text-sm font-medium text-brand-600 hover:underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
