import { type ChildProcess, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

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

/** The bench build: the production build plus P6's baseline route (`route.bench.ts`), in its own folder. */
export const BENCH_DIST_DIR = ".next-bench";

/** What the sources are: the commit plus uncommitted changes, so a stale bench build is rebuilt. */
function sourceStamp(): string | null {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  if (head.status !== 0) return null;
  const dirty = spawnSync(
    "git",
    ["status", "--porcelain", "--", "app", "components", "lib", "db", "proxy.ts"],
    {
      encoding: "utf8",
    },
  );
  const diff = spawnSync("git", ["diff", "HEAD", "--", "app", "components", "lib", "db", "proxy.ts"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return `${head.stdout.trim()} ${createHash("sha256")
    .update(dirty.stdout + diff.stdout)
    .digest("hex")
    .slice(0, 16)}`;
}

/**
 * Builds the bench build when it is missing or older than the sources (about as long as
 * `npm run build`; later runs reuse it), so a fresh clone's `npm run bench` needs no step first.
 */
export function ensureBenchBuild(log: (line: string) => void) {
  const stampFile = path.join(BENCH_DIST_DIR, "STORYLINE_SOURCES");
  const stamp = sourceStamp();
  const built = existsSync(path.join(BENCH_DIST_DIR, "BUILD_ID"));
  if (built && (stamp === null || (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp)))
    return;
  log(`building the bench build into ${BENCH_DIST_DIR} (${built ? "the sources changed" : "once"})…`);
  const result = spawnSync("npx", ["next", "build"], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: BENCH_DIST_DIR,
      STORYLINE_BENCH_BUILD: "1",
      NODE_ENV: "production",
    },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // `next build` rewrites tsconfig.json's include list for the folder; put it back.
  spawnSync("git", ["checkout", "--", "tsconfig.json"], { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`the bench build failed:\n${(result.stdout + result.stderr).slice(-2000)}`);
  if (stamp !== null) writeFileSync(stampFile, stamp);
}
