import { describe, expect, it } from "vitest";
import { MailError, toMailError } from "@/lib/email/mail-error";
import { renderCartRecovery } from "@/lib/email/render-cart-recovery";
import { renderOrderConfirmation } from "@/lib/email/render-order-confirmation";
import { renderShippingNotification } from "@/lib/email/render-shipping-notification";
import { formatFrom } from "@/lib/email/send-mail";

const smtpError = (fields: Record<string, unknown>, message = "failed") =>
  Object.assign(new Error(message), fields);

describe("toMailError", () => {
  it.each([
    [smtpError({ code: "ETIMEDOUT" }, "Greeting never received"), "SMTP timeout", true],
    [
      smtpError({ code: "ESOCKET", errno: "ECONNREFUSED" }, "connect ECONNREFUSED 127.0.0.1:1"),
      "SMTP server unreachable (ECONNREFUSED)",
      true,
    ],
    [
      smtpError({ code: "EDNS" }, "getaddrinfo ENOTFOUND smtp.nowhere"),
      "SMTP server unreachable (host not found)",
      true,
    ],
    [
      smtpError({
        code: "EENVELOPE",
        responseCode: 550,
        response: "550 5.1.1 No such user",
        command: "RCPT TO",
      }),
      "Recipient rejected: 550 5.1.1 No such user",
      false,
    ],
    [
      smtpError({
        code: "EENVELOPE",
        responseCode: 452,
        response: "452 4.2.2 Mailbox full",
        command: "RCPT TO",
      }),
      "Recipient deferred: 452 4.2.2 Mailbox full",
      true,
    ],
    [
      smtpError({ code: "EMESSAGE", responseCode: 554, response: "554 5.7.1 Spam", command: "DATA" }),
      "Message rejected: 554 5.7.1 Spam",
      false,
    ],
    [
      smtpError({ code: "EPROTOCOL", responseCode: 421, response: "421 Busy", command: "DATA" }),
      "Message deferred: 421 Busy",
      true,
    ],
    [
      smtpError({ code: "EAUTH", responseCode: 535, response: "535 Bad credentials", command: "AUTH PLAIN" }),
      "SMTP login refused: 535 Bad credentials",
      false,
    ],
    [smtpError({ code: "EENVELOPE" }, 'Invalid recipient "nope"'), 'Invalid recipient "nope"', false],
    [new Error("Connection closed unexpectedly"), "Connection closed unexpectedly", true],
  ])("%#: classifies %s", (error, reason, retryable) => {
    const mailError = toMailError(error);
    expect(mailError).toBeInstanceOf(MailError);
    expect([mailError.reason, mailError.retryable]).toEqual([reason, retryable]);
  });
});

describe("templates", () => {
  it("escapes what they interpolate and only links to http(s)", async () => {
    const email = await renderShippingNotification({
      storeName: "Tom & Jerry's <Prints>",
      order: { number: 10042, customerName: null },
      shipment: { carrier: "DHL", trackingNumber: "<b>1Z</b>", trackingUrl: "javascript:alert(1)" },
      statusUrl: "https://shop.example/o/token",
    });
    expect(email.subject).toBe("Your Tom & Jerry's <Prints> order #10042 has shipped");
    expect(email.html).toContain("Tom &amp; Jerry&#x27;s &lt;Prints&gt;");
    expect(email.html).not.toContain("<Prints>");
    expect(email.html).not.toContain("<b>1Z</b>");
    expect(email.html).not.toContain("javascript:");
    expect(email.text).toContain("Hello,");
    expect(email.text).toContain("Tracking number: <b>1Z</b>");
    expect(email.text).not.toContain("Track your parcel");
  });

  it("renders the confirmation's lines and totals as React Email markup", async () => {
    const email = await renderOrderConfirmation({
      storeName: "Inkwell",
      order: {
        number: 1042,
        currency: "GBP",
        customerName: "Ana Lima",
        subtotalAmount: 2500,
        shippingAmount: 399,
        taxAmount: 0,
        totalAmount: 2899,
      },
      items: [{ title: "Fox tee", variantTitle: "Black / S", quantity: 1, totalAmount: 2500 }],
      statusUrl: "https://shop.example/o/token",
    });
    expect(email.subject).toBe("Your Inkwell order #1042 is confirmed");
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toContain("1 × Fox tee (Black / S)");
    expect(email.html).toContain("£28.99");
    expect(email.html).toContain('href="https://shop.example/o/token"');
    expect(email.html).not.toContain("Tax");
    expect(email.text).toContain("Hi Ana,");
    expect(email.text).toContain("Shipping: £3.99");
  });

  it("formats the cart total in its currency", async () => {
    const email = await renderCartRecovery({ storeName: "Inkwell", amount: 2800, currency: "EUR" });
    expect(email.subject).toBe("Your Inkwell basket is waiting (€28.00)");
    expect(email.text).toContain("for €28.00");
  });

  it("puts the store's name on MAIL_FROM's address", () => {
    expect(formatFrom("Storyline Shop <orders@storyline.test>", "Inkwell Prints")).toBe(
      '"Inkwell Prints" <orders@storyline.test>',
    );
    expect(formatFrom("orders@storyline.test", 'Bad "name"')).toBe('"Bad name" <orders@storyline.test>');
    expect(formatFrom("Storyline Shop <orders@storyline.test>")).toBe(
      "Storyline Shop <orders@storyline.test>",
    );
  });
});
