import { MailError } from "@/lib/email/mail-error";
import type { MailFault } from "@/lib/email/send-mail";
import { takeFault } from "./faults";

/** The sandbox's `smtp_fail` fault: the send fails exactly as an SMTP timeout would (retryable). */
export const sandboxMailFault: MailFault = (to) =>
  takeFault(to, "smtp_fail") ? new MailError("SMTP timeout (sandbox fault)", true) : null;
