type MoneyFormat = { formatter: Intl.NumberFormat; digits: number };

const formats = new Map<string, MoneyFormat | null>();

/** One formatter per currency, with its minor-unit digits (asked once: every event message formats money). */
function formatFor(currency: string): MoneyFormat | null {
  let format = formats.get(currency);
  if (format === undefined) {
    try {
      const formatter = new Intl.NumberFormat("en-GB", { style: "currency", currency });
      format = { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
    } catch {
      format = null; // not an ISO 4217 code
    }
    formats.set(currency, format);
  }
  return format;
}

/** Formats an amount in minor units (4300, "GBP") as "£43.00"; minor units follow the currency (JPY has none). */
export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  const format = formatFor(code);
  if (!format) return `${(amountMinor / 100).toFixed(2)} ${code}`;
  return format.formatter.format(amountMinor / 10 ** format.digits);
}
