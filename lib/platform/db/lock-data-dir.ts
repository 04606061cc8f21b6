import { mkdir, readFile, writeFile } from "node:fs/promises";
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

/**
 * Takes an exclusive lock on the data folder (a lock directory refreshed every few seconds, so
 * a crashed holder's lock goes stale and is taken over). Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockfilePath = path.join(dataDir, "storyline.lock");
  const ownerFile = path.join(dataDir, "storyline.pid");
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath,
      stale: 15_000,
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
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      const holder = await readFile(ownerFile, "utf8").catch(() => "");
      throw new DataDirLockedError(dataDir, holder ? ` (pid ${holder.trim()})` : "");
    }
    throw error;
  }
  await writeFile(ownerFile, `${process.pid}\n`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release().catch(() => {});
  };
}
