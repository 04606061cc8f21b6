import nodemailer, { type Transporter } from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { type Config, getConfig } from "@/lib/platform/config";
import { processSingleton } from "@/lib/platform/process-singleton";

/**
 * Where mail goes: an SMTP server (SMTP_URL set), or the local outbox table that the owner reads
 * in the admin (the embedded default, so a fresh install never mails real customers).
 */
export type MailTransport =
  | { kind: "smtp"; transporter: Transporter<SMTPTransport.SentMessageInfo> }
  | { kind: "outbox" };

/** Milliseconds nodemailer waits for the TCP connection, the server's greeting, and any reply. */
export type SmtpTimeouts = { connectionTimeout: number; greetingTimeout: number; socketTimeout: number };

export const defaultSmtpTimeouts: SmtpTimeouts = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 10_000,
};

const state = processSingleton("mail-transports", () => ({
  byKey: new Map<string, Transporter<SMTPTransport.SentMessageInfo>>(),
}));

/**
 * A new SMTP transport for `smtpUrl`. Built as `new SMTPTransport({ url, ...timeouts })`: that
 * constructor merges the URL with the other options, whereas `createTransport(url, timeouts)`
 * treats them as message defaults and `createTransport({ url, ...timeouts })` drops everything
 * but the URL, so nodemailer's own timeouts (30 s greeting, 10 min socket) would apply.
 * One connection per message (no pool), so a dead connection is never reused.
 */
export function createSmtpTransport(
  smtpUrl: string,
  timeouts: Partial<SmtpTimeouts> = {},
): Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport(new SMTPTransport({ url: smtpUrl, ...defaultSmtpTimeouts, ...timeouts }));
}

/** The process's transport for this configuration; SMTP transports are cached per URL and timeouts. */
export function getMailTransport(
  config: Config = getConfig(),
  timeouts: Partial<SmtpTimeouts> = {},
): MailTransport {
  const smtpUrl = config.mail.smtpUrl;
  if (!smtpUrl) return { kind: "outbox" };
  const key = JSON.stringify([smtpUrl, { ...defaultSmtpTimeouts, ...timeouts }]);
  let transporter = state.byKey.get(key);
  if (!transporter) {
    transporter = createSmtpTransport(smtpUrl, timeouts);
    state.byKey.set(key, transporter);
  }
  return { kind: "smtp", transporter };
}

/** Closes and forgets every cached SMTP transport (shutdown, tests). */
export function closeMailTransports(): void {
  for (const transporter of state.byKey.values()) transporter.close();
  state.byKey.clear();
}
