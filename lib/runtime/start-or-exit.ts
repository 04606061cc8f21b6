import { getRuntime } from "./runtime";

/** Starts the runtime; a bad configuration or a locked data folder stops the process with its message. */
export async function startOrExit() {
  try {
    await getRuntime();
  } catch (error) {
    console.error(`\n[storyline] cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
