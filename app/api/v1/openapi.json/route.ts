import { buildOpenApiDocument } from "@/lib/http/api/openapi-document";
import { appUrl } from "@/lib/platform/config";

export const dynamic = "force-dynamic";

let cached: ReturnType<typeof buildOpenApiDocument> | null = null;

/** The API's OpenAPI 3.1 document (public: it describes the API, not any store's data). */
export function GET() {
  cached ??= buildOpenApiDocument(appUrl());
  return Response.json(cached);
}
