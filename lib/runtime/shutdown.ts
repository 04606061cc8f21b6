import { processSingleton } from "@/lib/platform/process-singleton";

type Hook = { name: string; run: () => Promise<void> | void };

const state = processSingleton("shutdown", () => ({
  hooks: [] as Hook[],
  atSignal: [] as Hook[],
  installed: false,
  running: false,
}));

/**
 * Registers work to do the moment a stop signal arrives, before Next.js waits for in-flight
 * requests to finish: responses that never finish by themselves (event streams) end here, or
 * the server would wait for them until its deadline.
 */
export function onShutdownSignal(name: string, run: () => void): () => void {
  const hook = { name, run };
  state.atSignal.push(hook);
  installSignalHandlers();
  return () => {
    const index = state.atSignal.indexOf(hook);
    if (index >= 0) state.atSignal.splice(index, 1);
  };
}

/**
 * Registers work to do when the process is asked to stop (SIGINT/SIGTERM). Hooks run in reverse
 * order of registration — the job queue (registered last) stops before the database closes.
 * Returns a function that forgets the hook (a start that failed has closed it already).
 */
export function onShutdown(name: string, run: Hook["run"]): () => void {
  const hook = { name, run };
  state.hooks.push(hook);
  const forget = () => {
    const index = state.hooks.indexOf(hook);
    if (index >= 0) state.hooks.splice(index, 1);
  };
  installSignalHandlers();
  return forget;
}

function installSignalHandlers() {
  if (state.installed) return;
  state.installed = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => onSignal(signal));
  }
}

function onSignal(signal: "SIGINT" | "SIGTERM") {
  for (const hook of state.atSignal.splice(0)) {
    try {
      hook.run();
    } catch (error) {
      console.error(`[storyline] could not end ${hook.name}:`, error);
    }
  }
  const exit = process.exit.bind(process);
  const code = signal === "SIGINT" ? 130 : 143;
  if (process.listenerCount(signal) === 0) {
    // Nobody else handles the signal (a script, the worker): close and exit.
    void shutdown(signal).finally(() => exit(code));
    return;
  }
  // Next.js handles it too: it stops accepting requests, lets in-flight ones finish, then
  // calls process.exit. Close our resources at that moment, after the last request.
  process.exit = ((exitCode?: number) => {
    void shutdown(signal).finally(() => exit(exitCode ?? code));
  }) as typeof process.exit;
  setTimeout(() => void shutdown(signal).finally(() => exit(code)), 15_000).unref();
}

export async function shutdown(reason: string) {
  if (state.running) return;
  state.running = true;
  console.info(`[storyline] ${reason}: shutting down`);
  for (const hook of [...state.hooks].reverse()) {
    try {
      await hook.run();
      console.info(`[storyline] closed ${hook.name}`);
    } catch (error) {
      console.error(`[storyline] could not close ${hook.name}:`, error);
    }
  }
  state.hooks.length = 0;
}
