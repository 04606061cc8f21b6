import { requireApiAccess } from "@/lib/http/access";
import { checkpointsResponse } from "@/lib/http/checkpoints-response";
import { appErrorResponse } from "@/lib/http/error-response";
import { AppError } from "@/lib/platform/errors";

export const dynamic = "force-dynamic";

/** The current store's signed history checkpoints, as a JSON-lines download. Owners only. */
export async function GET() {
  const access = await requireApiAccess("settings:write");
  if (access instanceof Response) return access;
  try {
    return await checkpointsResponse(access.store);
  } catch (error) {
    if (error instanceof AppError) return appErrorResponse(error);
    throw error;
  }
}
