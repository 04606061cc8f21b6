/**
 * Statements of one transaction that do not depend on each other, sent together: postgres.js
 * writes the queries of a connection without waiting for the answers before, so on a server
 * they cost one round trip instead of one each; PGlite runs them in turn. Every one settles
 * before this answers, so none is still running when the caller goes on or rolls back; then
 * the first failure, if any, is thrown.
 */
export async function pipelined<const T extends readonly unknown[]>(
  statements: { [K in keyof T]: PromiseLike<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(statements as readonly PromiseLike<unknown>[]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
