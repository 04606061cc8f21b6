import { z } from "zod";
import { eventIdTime } from "@/lib/activity/live/event-id-time";
import { listActivitySince } from "@/lib/activity/live/list-activity-since";
import type { LiveEvent } from "@/lib/activity/live/live-event";
import type { LiveHub } from "@/lib/activity/live/live-hub";
import { asDatabaseUnavailable } from "@/lib/platform/database-unavailable";
import type { Db } from "@/lib/platform/db/types";
import { databaseUnavailableResponse, errorResponse } from "./error-response";
import type { StreamSlots } from "./stream-slots";

/** Comment lines at this interval keep proxies and the browser from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** What the browser waits before reconnecting on its own after the stream ends. */
const RECONNECT_MS = 3_000;
/** Past this many missed events a reconnecting page is told to reload instead (`resync`). */
export const REPLAY_LIMIT = 500;
/** Chunks waiting for a reader who does not read: past this, the stream is ended. */
const MAX_QUEUED_CHUNKS = 1_000;
/** Ids remembered per stream to send each event once (replays overlap on purpose). */
const REMEMBERED_IDS = 2_000;

const EARLIEST = Date.UTC(2020, 0, 1);

const StreamQuery = z.object({
  order: z.uuid("order must be an order id").optional(),
  /** An event id (or the floor of a render time): replay what came after it. */
  after: z.guid("after must be an event id").optional(),
});

export type ActivityStreamContext = {
  db: Db;
  live: LiveHub;
  storeId: string;
  slots: StreamSlots;
  maxStreams: number;
  heartbeatMs?: number;
};

/**
 * Server-Sent Events of the store's new activity (or one order's, with `?order=`): one `activity`
 * event per row, `id:` its event id. A reconnecting browser sends `Last-Event-ID` (a page
 * opening the stream passes `?after=`), and what it missed is replayed from the table first,
 * a few seconds generously (see `REPLAY_OVERLAP_MS`) and without repeats. Refuses past
 * `maxStreams` open streams, and answers 503 when the database cannot replay.
 */
export async function activityStreamResponse(
  request: Request,
  ctx: ActivityStreamContext,
): Promise<Response> {
  const url = new URL(request.url);
  const query = StreamQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success)
    return errorResponse(400, "invalid_query", query.error.issues.map((i) => i.message).join("; "));
  const orderId = query.data.order ?? null;
  const resumeFrom = request.headers.get("last-event-id")?.trim() || query.data.after || null;
  const sinceMs = resumeFrom ? eventIdTime(resumeFrom) : null;
  if (resumeFrom && (sinceMs === null || sinceMs < EARLIEST || sinceMs > Date.now() + 86_400_000))
    return errorResponse(400, "invalid_event_id", "Last-Event-ID (or after) must be an activity event id.");

  const release = ctx.slots.take(ctx.maxStreams);
  if (!release)
    return errorResponse(
      503,
      "too_many_streams",
      "This server has as many live activity streams open as it serves; the page will try again shortly.",
      { "retry-after": "10" },
    );

  const stream = new ActivityStream(ctx, orderId, release);
  try {
    // Listen before reading the table, so nothing committed in between falls through the gap.
    stream.subscribe();
    if (sinceMs !== null) await stream.replay(sinceMs);
    stream.flushHeld();
  } catch (error) {
    stream.end();
    if (asDatabaseUnavailable(error)) return databaseUnavailableResponse();
    throw error;
  }
  request.signal.addEventListener("abort", () => stream.end(), { once: true });
  return new Response(stream.body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: compression would hold events back in its buffer.
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

const encoder = new TextEncoder();

/** One open stream: buffers live events until the replay is written, then sends them as they come. */
class ActivityStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private unsubscribe: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;
  /** Events gathered while the first replay is read (it and live ones); sent after it. */
  private held: LiveEvent[] | null = [];
  private readonly sent = new Set<string>();
  private readonly sentOrder: string[] = [];
  private lastSentMs: number = Date.now();

  constructor(
    private readonly ctx: ActivityStreamContext,
    private readonly orderId: string | null,
    private readonly release: () => void,
  ) {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
        this.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
        this.heartbeat = setInterval(() => this.write(": heartbeat\n\n"), ctx.heartbeatMs ?? HEARTBEAT_MS);
        this.heartbeat.unref();
        if (this.ended) this.closeController();
      },
      cancel: () => this.end(),
    });
  }

  subscribe() {
    this.unsubscribe = this.ctx.live.subscribe(this.ctx.storeId, {
      onEvents: (events) => {
        for (const event of events) this.accept(event);
      },
      onGap: () => {
        void this.replay(this.lastSentMs).catch(() => this.end());
      },
      onClose: () => this.end(),
    });
  }

  /** Sends (or holds) what the table has after `sinceMs`, less what was already sent. */
  async replay(sinceMs: number) {
    const events = await listActivitySince(this.ctx.db, this.ctx.storeId, {
      sinceMs,
      orderId: this.orderId,
      limit: REPLAY_LIMIT + 1,
    });
    for (const event of events.slice(0, REPLAY_LIMIT)) this.accept(event);
    if (events.length > REPLAY_LIMIT) this.write("event: resync\ndata: {}\n\n");
  }

  /** After the first replay: sends the held events in id (time) order, then live ones as they come. */
  flushHeld() {
    const held = (this.held ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.held = null;
    for (const event of held) this.send(event);
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    this.release();
    this.closeController();
  }

  private accept(event: LiveEvent) {
    if (this.orderId && event.orderId !== this.orderId) return;
    if (this.held) this.held.push(event);
    else this.send(event);
  }

  private send(event: LiveEvent) {
    if (this.sent.has(event.id)) return;
    this.sent.add(event.id);
    this.sentOrder.push(event.id);
    if (this.sentOrder.length > REMEMBERED_IDS) this.sent.delete(this.sentOrder.shift()!);
    this.lastSentMs = Math.max(this.lastSentMs, eventIdTime(event.id) ?? 0);
    const data = { id: event.id, type: event.type, level: event.level, orderId: event.orderId };
    this.write(`id: ${event.id}\nevent: activity\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(text: string) {
    const controller = this.controller;
    if (!controller || this.ended) return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
      this.end();
      return;
    }
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      this.end();
    }
  }

  private closeController() {
    try {
      this.controller?.close();
    } catch {
      // already closed or cancelled
    }
  }
}
