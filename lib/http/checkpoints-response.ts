import { readFile } from "node:fs/promises";
import { checkpointFile } from "@/lib/activity/seal/checkpoint";
import { notFound } from "@/lib/platform/errors";
import { getRuntime } from "@/lib/runtime/runtime";

/**
 * A store's signed checkpoints (JSON lines) as a download, to keep off the box and verify with
 * `npm run activity:verify -- --checkpoints <file>`; a 404 with a message before the first.
 */
export async function checkpointsResponse(store: { storeId: string; slug: string }): Promise<Response> {
  const { config } = await getRuntime();
  const text = await readFile(checkpointFile(config.seal.checkpointDir, store.storeId), "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    },
  );
  if (!text)
    throw notFound(
      `No checkpoint yet: the first is signed within ${config.seal.checkpointIntervalMinutes} minutes of the first sealed event.`,
    );
  return new Response(text, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="checkpoints-${store.slug}.jsonl"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
