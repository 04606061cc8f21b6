import { cache } from "react";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import type { Db } from "@/lib/platform/db/types";

/**
 * The store's unresolved warnings and errors, counted once per request: the nav badge (admin
 * layout) and the feed's "Needs attention" tab read the same figure, so one page never shows
 * two numbers for it, and the database is asked once.
 */
export const needsAttentionOnce = cache((db: Db, storeId: string) => countNeedsAttention(db, storeId));
