import http from "node:http";
import type { AddressInfo } from "node:net";

export type ServedHandler = { url: string; close(): Promise<void> };

/**
 * Serves a fetch-style handler (`Request` in, `Response` out) on 127.0.0.1 at a free port, for
 * tests. The request's `signal` aborts when the client goes away before the answer is sent; an
 * event stream (`text/event-stream`) is sent chunk by chunk as the handler writes it.
 */
export async function serveFetchHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<ServedHandler> {
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
        signal: controller.signal,
      });
      const response = await handler(request);
      if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
        // An event stream is sent as it is written, and cancelled when the client goes away.
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.flushHeaders();
        const reader = response.body.getReader();
        res.on("close", () => void reader.cancel().catch(() => {}));
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (done || res.destroyed) break;
          res.write(value);
        }
        res.end();
        return;
      }
      const body = Buffer.from(await response.arrayBuffer());
      if (res.destroyed) return;
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    } catch (error) {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
