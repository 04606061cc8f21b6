import type { ChildProcess } from "node:child_process";
import net from "node:net";

/** Helpers for benchmarks that run the production build as a child process (P6, P8). */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until the app answers `/api/health`; fails early if it exits, with its last output. */
export async function waitForHealth(url: string, app?: ChildProcess, output: () => string = () => "") {
  const until = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (app && app.exitCode !== null)
      throw new Error(`the app exited (code ${app.exitCode}) before it answered:\n${output().slice(-2000)}`);
    if (Date.now() > until) throw new Error(`the app did not start at ${url}:\n${output().slice(-2000)}`);
    await sleep(250);
  }
}

/** Stops a detached child and its process group: SIGTERM, then SIGKILL after 10 s. */
export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  await Promise.race([exited, sleep(10_000)]);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
}
