/**
 * A mail that could not be sent: `reason` is short and human (it ends up in an activity
 * message, "Could not send the shipping email: SMTP timeout"), and `retryable` says whether
 * sending again later can help. A permanent 5xx answer (recipient unknown, message refused,
 * login refused) is not retryable; timeouts, connection failures and 4xx answers are.
 */
export class MailError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "MailError";
  }
}

type SmtpErrorFields = { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown };

const MAX_REASON = 200;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

/** The server's reply line ("550 5.1.1 No such user"), or its code alone. */
function serverReply(fields: SmtpErrorFields, status: number): string {
  const response = typeof fields.response === "string" ? fields.response.trim() : "";
  return response && /^\d{3}/.test(response) ? response : `${status}${response ? ` ${response}` : ""}`;
}

/** Turns anything a transport threw into a `MailError` (a `MailError` is returned as it is). */
export function toMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const fields: SmtpErrorFields =
    typeof error === "object" && error !== null ? (error as SmtpErrorFields) : {};
  const code = typeof fields.code === "string" ? fields.code : "";
  const status = typeof fields.responseCode === "number" ? fields.responseCode : 0;
  const message = error instanceof Error ? error.message : String(error);
  const make = (reason: string, retryable: boolean) =>
    new MailError(clip(reason), retryable, { cause: error });

  if (code === "ETIMEDOUT") return make("SMTP timeout", true);
  if (code === "EDNS") return make("SMTP server unreachable (host not found)", true);
  if ((code === "ECONNECTION" || code === "ESOCKET") && !status) {
    const errno =
      typeof (error as { errno?: unknown }).errno === "string" ? (error as { errno: string }).errno : "";
    const sys = errno || /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
    return make(`SMTP server unreachable${sys ? ` (${sys})` : ""}`, true);
  }
  if (code === "ETLS") return make(`SMTP TLS failed: ${message}`, false);
  if (code === "EAUTH")
    return make(`SMTP login refused: ${status ? serverReply(fields, status) : message}`, false);

  if (status >= 400) {
    const permanent = status >= 500;
    const reply = serverReply(fields, status);
    const command = typeof fields.command === "string" ? fields.command.toUpperCase() : "";
    if (code === "EENVELOPE" && command.startsWith("RCPT"))
      return make(`${permanent ? "Recipient rejected" : "Recipient deferred"}: ${reply}`, !permanent);
    if (command.startsWith("MAIL"))
      return make(`${permanent ? "Sender rejected" : "Sender deferred"}: ${reply}`, !permanent);
    return make(`${permanent ? "Message rejected" : "Message deferred"}: ${reply}`, !permanent);
  }
  // Refused before asking the server (an invalid address, an empty message): the same next time.
  if (code === "EENVELOPE" || code === "EMESSAGE" || code === "EREQUIRETLS") return make(message, false);
  // Unknown trouble (a dropped connection mid-message, a protocol hiccup): worth another try.
  return make(message || "unknown mail error", true);
}
