import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getServerSession } from "next-auth";
import { LoginForm } from "@/components/login-form";
import { getAuthOptions } from "@/lib/http/auth/auth-options";
import { returnPathOr } from "@/lib/http/return-path";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  await connection();
  const { callbackUrl, error } = await searchParams;
  // Only a path on this app: never `//evil`, `/\evil` or `/<tab>/evil` (an open redirect).
  const target = returnPathOr(callbackUrl);
  const session = await getServerSession(await getAuthOptions());
  if (session?.user?.id) redirect(target);
  return (
    <main id="content" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-xl font-semibold">Sign in to Storyline</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Your shop’s whole story, in one place.
        </p>
        <LoginForm callbackUrl={target} initialError={error ?? null} />
      </div>
    </main>
  );
}
