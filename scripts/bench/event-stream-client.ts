/** One Server-Sent Event as a client sees it. */
export type StreamedEvent = { id: string | null; event: string; data: string; receivedAt: number };

/**
 * A minimal EventSource for Node (fetch + a line parser, per the HTML spec's stream format),
 * for tests and benchmarks: records every event and comment, and ends on `close()`.
 */
export class EventStreamClient {
  readonly events: StreamedEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  /** Resolves when the stream ends (closed by the server, or by `close()`). */
  ended: Promise<void> = Promise.resolve();
  onEvent: ((event: StreamedEvent) => void) | null = null;
  private readonly controller = new AbortController();

  /** Opens the stream; resolves once the response's headers are in. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
    const client = new EventStreamClient();
    const response = await fetch(url, {
      headers: { accept: "text/event-stream", ...headers },
      signal: client.controller.signal,
    });
    client.status = response.status;
    client.response = response;
    if (response.ok && response.body) client.ended = client.read(response.body);
    return client;
  }

  response: Response | null = null;

  close() {
    this.controller.abort();
  }

  /** Resolves when `check` holds for the events received, or rejects after `timeoutMs`. */
  async until(check: (events: StreamedEvent[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.events)) {
      if (Date.now() > deadline)
        throw new Error(`not received in ${timeoutMs} ms (got ${this.events.length})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = "";
    let id: string | null = null;
    let event = "";
    let data: string[] = [];
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.search(/\r\n|\r|\n/);
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
          if (line === "") {
            if (data.length) {
              const received = {
                id,
                event: event || "message",
                data: data.join("\n"),
                receivedAt: performance.now(),
              };
              this.events.push(received);
              this.onEvent?.(received);
            }
            event = "";
            data = [];
          } else if (line.startsWith(":")) {
            this.comments.push(line.slice(1).trim());
          } else {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") id = value;
            else if (field === "event") event = value;
            else if (field === "data") data.push(value);
          }
          newline = buffer.search(/\r\n|\r|\n/);
        }
      }
    } catch {
      // aborted by close(), or the connection dropped
    }
  }
}
