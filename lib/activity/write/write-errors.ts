/** The driver's error behind Drizzle's wrapper (`DrizzleQueryError.cause`). */
function rootError(error: unknown): { code?: string; message: string } {
  let current = error as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current.code === "string") return { code: current.code, message: String(current.message) };
    if (!current.cause) break;
    current = current.cause as typeof current;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

export function describeError(error: unknown): string {
  const root = rootError(error);
  return root.code ? `${root.message} (${root.code})` : root.message;
}

/**
 * A problem with the row itself (bad characters, a value too large, a check that fails): the
 * same insert will fail again, so the row is sanitised rather than retried. SQLSTATE classes
 * 22 (data exception), 23 (integrity) and 54 (program limit).
 */
export function isRowError(error: unknown): boolean {
  const { code } = rootError(error);
  return !!code && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
