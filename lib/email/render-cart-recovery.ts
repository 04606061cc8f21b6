import { createElement } from "react";
import { formatMoney } from "@/lib/platform/format/format-money";
import { CartRecoveryEmail } from "./templates/cart-recovery-email";
import { type RenderedEmail, renderEmail } from "./templates/render-email";

export type CartRecoveryInput = {
  storeName: string;
  amount: number;
  currency: string;
  /** Where the customer can finish the purchase, when the shop has such a page; otherwise no button. */
  returnUrl?: string | null;
};

/** The one recovery email for a checkout that expired unpaid. */
export function renderCartRecovery(input: CartRecoveryInput): Promise<RenderedEmail> {
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

  return renderEmail(
    `Your ${storeName} basket is waiting (${total})`,
    text,
    createElement(CartRecoveryEmail, { storeName, title, lines, returnUrl }),
  );
}
