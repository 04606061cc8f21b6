import { uuidv7 } from "uuidv7";
import { type EmailKind, outboxEmails } from "@/db/schema";
import { type Config, getConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/types";
import { processSingleton } from "@/lib/platform/process-singleton";
import { getMailTransport, type MailTransport } from "./get-mail-transport";
import { MailError, toMailError } from "./mail-error";

export type MailMessage = {
  storeId: string;
  orderId?: string | null;
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Display name of the sender, normally the store's name; the address comes from MAIL_FROM. */
  fromName?: string;
};

export type SendMailOptions = {
  /** Defaults to the process's configuration (SMTP_URL, MAIL_FROM, sandbox). */
  config?: Config;
  /** Defaults to the transport the configuration names. */
  transport?: MailTransport;
};

export type SentMail = { messageId: string; transport: MailTransport["kind"] };

/**
 * A check run before every send: the failure to throw for this recipient, or null to send.
 * Boot installs one when the sandbox is on (its `smtp_fail` fault); production has none.
 */
export type MailFault = (to: string) => MailError | null;

const hooks = processSingleton("mail-fault", () => ({ fault: null as MailFault | null }));

/** Installs (or, with null, removes) the process's mail fault check. */
export function setMailFault(fault: MailFault | null): void {
  hooks.fault = fault;
}

/** `"Name" <address>`: MAIL_FROM's address under the given display name (or MAIL_FROM as it is). */
export function formatFrom(mailFrom: string, name?: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
  const display = name?.replace(/["\\\r\n]/g, "").trim();
  return display ? `"${display}" <${address}>` : mailFrom;
}

/**
 * Sends one email, through SMTP or into the outbox. Throws a `MailError` (short reason,
 * retryable or not) and nothing else, so callers can log the failure and decide on a retry.
 * A fault installed by `setMailFault` (the sandbox's) fails the send exactly as an SMTP error
 * would, in either transport. Writes nothing but the outbox row: the caller logs the event.
 */
export async function sendMail(
  db: Db,
  message: MailMessage,
  options: SendMailOptions = {},
): Promise<SentMail> {
  const config = options.config ?? getConfig();
  const transport = options.transport ?? getMailTransport(config);
  const from = formatFrom(config.mail.from, message.fromName);

  const failure = hooks.fault?.(message.to);
  if (failure) throw failure;

  if (transport.kind === "smtp") {
    try {
      const info = await transport.transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      return { messageId: info.messageId, transport: "smtp" };
    } catch (error) {
      throw toMailError(error);
    }
  }

  const domain = /@([^<>@\s]+)>?\s*$/.exec(from)?.[1] ?? "storyline.local";
  const messageId = `<${uuidv7()}@${domain}>`;
  try {
    await db.insert(outboxEmails).values({
      storeId: message.storeId,
      orderId: message.orderId ?? null,
      kind: message.kind,
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new MailError(`Could not write to the outbox: ${detail.slice(0, 150)}`, true, { cause: error });
  }
  return { messageId, transport: "outbox" };
}
