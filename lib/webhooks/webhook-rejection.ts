import { AppError } from "@/lib/platform/errors";

/**
 * A delivery we refuse: bad signature, stale timestamp, malformed JSON, missing fields.
 * Answered with a 4xx and recorded as a `webhook.rejected` warning in the store.
 */
export class WebhookRejection extends AppError {
  constructor(
    code: string,
    message: string,
    status = 400,
    /** The provider's event id, when the body got far enough to have one. */
    readonly eventId: string | null = null,
  ) {
    super(code, message, status);
    this.name = "WebhookRejection";
  }
}
