/** Tab, newline and carriage return: the C0 controls that text may carry. */
const ALLOWED = new Set([0x09, 0x0a, 0x0d]);

/**
 * NUL and the other C0 control characters but tab, newline and carriage return. PostgreSQL
 * text cannot hold NUL (a query with one fails), and no one searches for the others: inputs
 * that carry them are refused with a 400, never passed to the database.
 */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && !ALLOWED.has(code)) return true;
  }
  return false;
}
