import { eventJson } from "../event-json";
import { findEvent } from "../find-in-store";
import type { ApiCaller } from "../handle-api-request";

/** GET /api/v1/activity/{id} */
export async function getEventEndpoint(caller: ApiCaller, _request: Request, params: { id: string }) {
  const event = await findEvent(caller, params.id);
  caller.countRows(1);
  return Response.json({ data: eventJson(event) });
}
