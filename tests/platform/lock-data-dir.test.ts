import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "@/lib/platform/db/lock-data-dir";

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "storyline-lock-"));
  dirs.push(dir);
  return dir;
}

/** Another Storyline process holding the lock on `dir`: resolves once it holds it. */
async function holderProcess(dir: string): Promise<ChildProcess> {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(path.resolve("lib/platform/db/lock-data-dir.ts"))});
    await lockDataDir(${JSON.stringify(dir)});
    console.log("locked");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the holder exited (${code}) before locking`)));
  });
  return child;
}

async function kill9(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

describe("the data-folder lock", () => {
  it("refuses a live holder with a clear message, and takes over at once when the holder was killed", async () => {
    const dir = tempDataDir();
    const holder = await holderProcess(dir);

    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain(
      `already in use by another Storyline process (pid ${holder.pid})`,
    );

    await kill9(holder);
    const started = performance.now();
    const release = await lockDataDir(dir);
    const elapsed = performance.now() - started;
    // At once, not after the lock has gone stale (proper-lockfile marks it stale after its `stale` ms).
    expect(elapsed).toBeLessThan(3000);
    expect(readFileSync(path.join(dir, "storyline.pid"), "utf8").split("\n")[0]).toBe(String(process.pid));

    // Held again, now by this process: a second opener is still refused.
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    const again = await lockDataDir(dir);
    await again();
  });

  it("takes over a lock left by a dead pid written in the older one-line form", async () => {
    const dir = tempDataDir();
    const holder = await holderProcess(dir);
    await kill9(holder);
    // As an earlier version wrote it: the pid alone.
    writeFileSync(path.join(dir, "storyline.pid"), `${holder.pid}\n`);
    const release = await lockDataDir(dir);
    await release();
  });

  it("refuses a lock whose holder lives on another host", async () => {
    const dir = tempDataDir();
    const holder = await holderProcess(dir);
    await kill9(holder);
    writeFileSync(path.join(dir, "storyline.pid"), `${holder.pid}\nanother-host.example\n`);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
  });
});
