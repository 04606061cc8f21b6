import postgres from "postgres";
import type { ListenHandlers, StopListening } from "./types";

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * LISTEN on a PostgreSQL server through a connection of its own (a pool connection would be
 * handed to other queries). When that connection drops, it is opened again with a growing
 * delay; once it listens again, `onGap` says that notifications sent meanwhile were lost.
 * Never throws: a server that is down at the start is retried the same way.
 */
export async function listenOnServer(
  url: string,
  channel: string,
  handlers: ListenHandlers,
  options: { connectTimeoutSeconds?: number } = {},
): Promise<StopListening> {
  let stopped = false;
  let current: postgres.Sql | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = RETRY_MIN_MS;
  let listenedBefore = false;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    let closed = false;
    const sql = postgres(url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      onnotice: () => {},
      // postgres.js's own `listen` uses this option too; its types leave it out.
      ...({
        onnotify: (name: string, payload: string) => {
          if (name === channel) handlers.onNotify(payload);
        },
      } as object),
      onclose: () => {
        if (closed) return;
        closed = true;
        void sql.end({ timeout: 0 }).catch(() => {});
        if (current === sql) current = null;
        retryLater();
      },
    });
    current = sql;
    try {
      await sql.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
      delay = RETRY_MIN_MS;
      handlers.onListening?.();
      if (listenedBefore) handlers.onGap?.();
      listenedBefore = true;
    } catch (error) {
      if (!closed) {
        closed = true;
        if (current === sql) current = null;
        void sql.end({ timeout: 0 }).catch(() => {});
        handlers.onError?.(error);
        retryLater();
      }
    }
  };

  function retryLater() {
    if (stopped || retryTimer) return;
    // Notifications sent before the connection is back are lost: say so when it is.
    listenedBefore = true;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  }

  // Not awaited: a database that is down or hung at start must not hold up the app's start; the
  // connection comes (and the streams catch up) when it answers.
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const sql = current;
    current = null;
    await sql?.end({ timeout: 1 }).catch(() => {});
  };
}
