/** Formats an amount in minor units ("4300", "GBP") as "£43.00". */
export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en-GB", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${code}`;
  }
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: code }).format(
    amountMinor / 10 ** digits,
  );
}
