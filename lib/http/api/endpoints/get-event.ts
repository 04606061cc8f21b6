import { eventJson } from "../event-json";
import { findEvent } from "../find-in-store";
import type { ApiCaller } from "../handle-api-request";

/** GET /api/v1/activity/{id} */
export async function getEventEndpoint(caller: ApiCaller, _request: Request, params: { id: string }) {
  return Response.json({ data: eventJson(await findEvent(caller, params.id)) });
}
