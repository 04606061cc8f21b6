import { z } from "zod";
import { badRequest } from "@/lib/platform/errors";

/** A position in a newest-first list: the `(occurred_at, id)` of the last row shown. */
export type Cursor = { occurredAt: Date; id: string };

const CursorShape = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt.toISOString(), cursor.id])).toString("base64url");
}

/** Decodes a cursor from a URL; a tampered or stale-format one is a 400, not a crash. */
export function decodeCursor(value: string): Cursor {
  try {
    const [occurredAt, id] = CursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { occurredAt: new Date(occurredAt), id };
  } catch {
    throw badRequest("The page cursor is not valid; start again from the first page.", "invalid_cursor");
  }
}
