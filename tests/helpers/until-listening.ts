import { setTimeout as sleep } from "node:timers/promises";
import type { LiveHub } from "@/lib/activity/live/live-hub";

/** Waits for `hub`'s LISTEN to be in place (it opens in the background); fails after `timeoutMs`. */
export async function untilListening(hub: LiveHub, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; !hub.listening; waited += 20) {
    if (waited >= timeoutMs) throw new Error(`the live hub did not start listening within ${timeoutMs} ms`);
    await sleep(20);
  }
}
