import { processSingleton } from "@/lib/platform/process-singleton";

/** A bounded count of long-lived responses: each open stream holds a slot until it ends. */
export class StreamSlots {
  private count = 0;

  /** A slot's release function, or null when `max` are already open. */
  take(max: number): (() => void) | null {
    if (this.count >= max) return null;
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
    };
  }

  get open(): number {
    return this.count;
  }
}

/** This process's activity-stream slots (one count however often Next.js loads the module). */
export const activityStreamSlots = () => processSingleton("activity-stream-slots", () => new StreamSlots());
