/**
 * A secret as the admin and the log show it: its prefix (`whsec_`), an ellipsis and its last
 * four characters — enough to tell two apart, never enough to use. Null stays null.
 */
export function maskSecret(secret: string | null | undefined): string | null {
  if (!secret) return null;
  const prefix = /^[a-z]+_/i.exec(secret)?.[0] ?? "";
  const rest = secret.slice(prefix.length);
  return `${prefix}…${rest.length > 8 ? rest.slice(-4) : ""}`;
}
