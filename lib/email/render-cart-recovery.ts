import { formatMoney } from "@/lib/platform/format/format-money";
import { escapeHtml, htmlButton, type RenderedEmail, renderEmailLayout } from "./render-email-layout";

export type CartRecoveryInput = {
  storeName: string;
  amount: number;
  currency: string;
  /** Where the customer can finish the purchase, when the shop has such a page; otherwise no button. */
  returnUrl?: string | null;
};

/** The one recovery email for a checkout that expired unpaid. */
export function renderCartRecovery(input: CartRecoveryInput): RenderedEmail {
  const { storeName, returnUrl } = input;
  const total = formatMoney(input.amount, input.currency);
  const title = "You left something behind";
  const lines = [
    `You started a checkout at ${storeName} for ${total} but did not finish it.`,
    "Your items are still available. If something went wrong with the payment, or you have a question, just reply to this email and we will help.",
  ];

  const text = [
    "Hello,",
    "",
    ...lines.flatMap((line) => [line, ""]),
    ...(returnUrl ? [`Finish your order: ${returnUrl}`, ""] : []),
    `— ${storeName}`,
  ].join("\n");

  const bodyHtml = [
    "<p>Hello,</p>",
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    returnUrl ? htmlButton(returnUrl, "Finish your order") : "",
  ].join("\n");

  return {
    subject: `Your ${storeName} basket is waiting (${total})`,
    text,
    html: renderEmailLayout({ storeName, title, bodyHtml }),
  };
}
