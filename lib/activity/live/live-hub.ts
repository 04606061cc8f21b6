import type { ListenHandlers, StopListening } from "@/lib/platform/db/types";
import { ACTIVITY_CHANNEL, type LiveEvent, parseActivityNotification } from "./live-event";

export type LiveListener = {
  /** New rows of the listener's store, in the order they were announced. */
  onEvents(events: LiveEvent[]): void;
  /** The hub lost notifications (its connection dropped and is back): look in the table. */
  onGap(): void;
  /** The hub is closing (the process is stopping). */
  onClose(): void;
};

export type Unsubscribe = () => void;

/** How a hub hears of new rows: LISTEN on the database (see `DatabaseHandle.listen`). */
export type ListenFn = (channel: string, handlers: ListenHandlers) => Promise<StopListening>;

/**
 * One per process: one LISTEN on the `activity_log` channel, fanned out to every open stream by
 * store. The trigger announces every committed insert — from this process, a worker process or
 * raw SQL — so on a server the news crosses processes; embedded, PGlite delivers its own
 * notifications in-process.
 */
export class LiveHub {
  private readonly byStore = new Map<string, Set<LiveListener>>();
  private stopListening: StopListening | null = null;
  private closed = false;
  private heard = false;
  readonly stats = { notifications: 0, events: 0, gaps: 0 };

  constructor(private readonly listen: ListenFn) {}

  async start(): Promise<void> {
    this.stopListening = await this.listen(ACTIVITY_CHANNEL, {
      onNotify: (payload) => this.dispatch(parseActivityNotification(payload)),
      onListening: () => {
        this.heard = true;
      },
      onGap: () => this.gap(),
      onError: (error) =>
        console.warn(
          `[live] not listening for new activity yet (retrying): ${error instanceof Error ? error.message : error}`,
        ),
    });
  }

  /** Calls `listener` for each new event of `storeId` until the returned function is called. */
  subscribe(storeId: string, listener: LiveListener): Unsubscribe {
    if (this.closed) {
      queueMicrotask(() => listener.onClose());
      return () => {};
    }
    let listeners = this.byStore.get(storeId);
    if (!listeners) {
      listeners = new Set();
      this.byStore.set(storeId, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.byStore.get(storeId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.byStore.delete(storeId);
    };
  }

  /** Whether the LISTEN has been in place at least once (it opens in the background). */
  get listening(): boolean {
    return this.heard;
  }

  /** Open subscriptions, all stores together. */
  get subscribers(): number {
    let n = 0;
    for (const listeners of this.byStore.values()) n += listeners.size;
    return n;
  }

  /** Ends every subscription (they hear `onClose`) and refuses new ones; the LISTEN stays. */
  closeSubscriptions(): void {
    this.closed = true;
    const all = [...this.byStore.values()].flatMap((listeners) => [...listeners]);
    this.byStore.clear();
    for (const listener of all) safely(() => listener.onClose());
  }

  /** Closes the subscriptions and stops listening. */
  async stop(): Promise<void> {
    this.closeSubscriptions();
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  private dispatch(events: LiveEvent[]) {
    this.stats.notifications++;
    this.stats.events += events.length;
    const byStore = new Map<string, LiveEvent[]>();
    for (const event of events) {
      const list = byStore.get(event.storeId);
      if (list) list.push(event);
      else byStore.set(event.storeId, [event]);
    }
    for (const [storeId, storeEvents] of byStore) {
      for (const listener of this.byStore.get(storeId) ?? []) safely(() => listener.onEvents(storeEvents));
    }
  }

  private gap() {
    this.stats.gaps++;
    for (const listeners of this.byStore.values())
      for (const listener of listeners) safely(() => listener.onGap());
  }
}

/** One listener's failure never keeps the news from the others. */
function safely(run: () => void) {
  try {
    run();
  } catch (error) {
    console.error("[live] a listener failed:", error);
  }
}
