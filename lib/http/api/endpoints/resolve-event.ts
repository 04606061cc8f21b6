import { resolveEvents } from "@/lib/activity/write/resolve-events";
import { AppError } from "@/lib/platform/errors";
import { eventJson } from "../event-json";
import { findEvent } from "../find-in-store";
import { type ApiCaller, readJsonBody } from "../handle-api-request";
import { ResolveBody } from "../schemas";

/**
 * POST /api/v1/activity/{id}/resolve, with an optional `{ note }`. Resolving twice is harmless
 * (`resolved: false`); an info event is a 409. A key's resolution names the key in the note.
 */
export async function resolveEventEndpoint(caller: ApiCaller, request: Request, params: { id: string }) {
  const event = await findEvent(caller, params.id);
  const hasBody = request.headers.get("content-length") !== "0" && request.body !== null;
  const body = ResolveBody.parse(hasBody ? await readOptionalJson(request) : {});
  if (event.level === "info")
    throw new AppError("not_resolvable", "Only warnings and errors can be resolved.", 409);
  const note = caller.resolver.userId
    ? body.note
    : [`Resolved with the ${caller.resolver.label}.`, body.note].filter(Boolean).join(" ");
  const result = await resolveEvents(
    caller.db,
    { storeId: caller.storeId, userId: caller.resolver.userId },
    { ids: [event.id], note },
  );
  return Response.json({
    data: eventJson(await findEvent(caller, event.id)),
    resolved: result.resolved.length > 0,
  });
}

async function readOptionalJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (!type) {
    const text = await request.text();
    if (!text.trim()) return {};
    throw new AppError("unsupported_media_type", "Send the body as application/json.", 415);
  }
  return readJsonBody(request, 4096);
}
