const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  let formatter = formatters.get(currency);
  if (formatter === undefined) {
    try {
      formatter = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    } catch {
      formatter = null; // not an ISO 4217 code
    }
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Formats an amount in minor units (4300, "GBP") as "£43.00"; minor units follow the currency (JPY has none). */
export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  const formatter = formatterFor(code);
  if (!formatter) return `${(amountMinor / 100).toFixed(2)} ${code}`;
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
