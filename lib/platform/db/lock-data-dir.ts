import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: string) {
    super(
      `The data folder ${dataDir} is already in use by another Storyline process${holder}. ` +
        "Two processes on one embedded database silently lose data, so this one stops. " +
        "Stop the other process, or set STORYLINE_DATA_DIR to another folder, or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "DataDirLockedError";
  }
}

const STALE_MS = 15_000;

/**
 * Takes an exclusive lock on the data folder (a lock directory refreshed every few seconds, so
 * a crashed holder's lock goes stale and is taken over). A lock whose holder is gone — its pid,
 * written next to the lock, is no process on this machine (`kill -9`, a power cut) — is taken
 * over at once; a live holder, or one on another host, is refused. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockfilePath = path.join(dataDir, "storyline.lock");
  const ownerFile = path.join(dataDir, "storyline.pid");
  const lock = () =>
    lockfile.lock(dataDir, {
      lockfilePath,
      stale: STALE_MS,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: (error) => {
        console.error(
          `[storyline] lost the lock on ${dataDir}: ${error.message}; stopping to protect the data.`,
        );
        process.exit(1);
      },
    });
  let release: () => Promise<void>;
  try {
    release = await lock();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    const holder = await readHolder(ownerFile);
    if (!holder || !isGone(holder))
      throw new DataDirLockedError(dataDir, holder ? ` (pid ${holder.pid})` : "");
    console.warn(`[storyline] taking over the lock on ${dataDir}: its holder (pid ${holder.pid}) is gone`);
    // Aged past `stale`, the dead holder's lock is removed and taken by proper-lockfile itself.
    // Two processes taking over at the same moment: the loser sees its lock compromised and stops.
    const past = new Date(Date.now() - 2 * STALE_MS);
    await utimes(lockfilePath, past, past).catch(() => {});
    release = await lock().catch(async (again: NodeJS.ErrnoException) => {
      if (again.code !== "ELOCKED") throw again;
      const next = await readHolder(ownerFile);
      throw new DataDirLockedError(dataDir, next ? ` (pid ${next.pid})` : "");
    });
  }
  await writeFile(ownerFile, `${process.pid}\n${hostname()}\n`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release().catch(() => {});
  };
}

type Holder = { pid: number; host: string | null };

/** The pid (and host) the last holder wrote; null when there is none yet (a holder still starting). */
async function readHolder(ownerFile: string): Promise<Holder | null> {
  const [pidLine, hostLine] = (await readFile(ownerFile, "utf8").catch(() => "")).split("\n");
  const pid = Number(pidLine?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, host: hostLine?.trim() || null };
}

/** Whether the holder is certainly gone: on this host, and no process has its pid. */
function isGone(holder: Holder): boolean {
  if (holder.host !== null && holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: a process with that pid exists (another user's): not gone.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
