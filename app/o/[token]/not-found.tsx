/** An unknown or mistyped order link: say so, without revealing anything about any order. */
export default function OrderLinkNotFound() {
  return (
    <main
      id="content"
      className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-8 text-center"
    >
      <h1 className="text-xl font-semibold">We can't find that order</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        The link may be incomplete. Please open it again from your order confirmation email.
      </p>
    </main>
  );
}
