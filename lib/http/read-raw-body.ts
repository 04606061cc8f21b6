import { AppError } from "@/lib/platform/errors";

/** Webhook bodies are small; anything larger is refused before it is read in full. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

const tooLarge = () => new AppError("payload_too_large", "The request body is larger than 1 MB.", 413);

/**
 * The request body exactly as sent (signatures are computed over these bytes), refusing more
 * than `limit` bytes whether or not Content-Length says so.
 */
export async function readRawBody(request: Request, limit = MAX_WEBHOOK_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
