import net from "node:net";

/**
 * A TCP proxy between a client and a real PostgreSQL server, to take the database "down" and
 * bring it back on the same address: `stop()` cuts every connection and closes the listener
 * (connections are refused), `pause()` keeps connections open but holds their traffic (queries
 * hang), `resume()` forwards what was held, `start()` listens again on the same port.
 */
export class TcpProxy {
  port = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private paused = false;
  private held: (() => void)[] = [];

  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(databaseUrl: string): TcpProxy {
    const url = new URL(databaseUrl);
    return new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held = [];
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
    for (const send of this.held.splice(0)) send();
  }

  private accept(client: net.Socket) {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on("error", () => {});
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.on("data", (chunk) => {
        const send = () => {
          if (!to.destroyed) to.write(chunk);
        };
        if (this.paused) this.held.push(send);
        else send();
      });
    }
  }
}
