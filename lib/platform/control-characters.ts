/**
 * NUL and the other C0 control characters but tab, newline and carriage return. PostgreSQL
 * text cannot hold NUL (a query with one fails), and no one searches for the others: inputs
 * that carry them are refused with a 400, never passed to the database.
 */
export function hasControlCharacter(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text);
}
