import { z } from "zod";
import { processSingleton } from "@/lib/platform/process-singleton";

/**
 * Faults the sandbox plays on request, keyed by the customer's email address so that
 * concurrent scenarios do not disturb each other. Counted faults are used up one per hit;
 * `true` means every time.
 */
export const SandboxFaults = z
  .object({
    /** Printify answers 503 to this many order submissions. */
    submit_503: z.number().int().min(0).max(20),
    /** Printify does not answer this many order submissions (the client times out). */
    submit_timeout: z.number().int().min(0).max(20),
    /** Printify rejects the order: a variant is out of stock (not retryable). */
    out_of_stock: z.boolean(),
    /** Stripe's API answers 503 to this many line-item requests. */
    stripe_503: z.number().int().min(0).max(20),
    /** Sending mail to this address fails this many times. */
    smtp_fail: z.number().int().min(0).max(20),
    /** Printify delivers every webhook of the order twice. */
    webhooks_duplicate: z.boolean(),
    /** Printify delivers the order's webhooks newest first. */
    webhooks_out_of_order: z.boolean(),
    /** Printify signs this many webhooks with the wrong secret (they are rejected, then redelivered correctly). */
    webhooks_bad_signature: z.number().int().min(0).max(20),
  })
  .partial();
export type SandboxFaults = z.infer<typeof SandboxFaults>;
export type FaultName = keyof SandboxFaults;

const state = processSingleton("sandbox-faults", () => ({ byEmail: new Map<string, SandboxFaults>() }));

const key = (email: string) => email.trim().toLowerCase();

/** Sets (replaces) the faults for one customer email. */
export function setFaults(email: string, faults: SandboxFaults) {
  state.byEmail.set(key(email), SandboxFaults.parse(faults));
}

export function getFaults(email: string | null | undefined): SandboxFaults {
  return (email && state.byEmail.get(key(email))) || {};
}

/** True when the fault applies to this call; a counted fault is used up by one. */
export function takeFault(email: string | null | undefined, name: FaultName): boolean {
  if (!email) return false;
  const faults = state.byEmail.get(key(email));
  const value = faults?.[name];
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && value > 0) {
    (faults as Record<string, number>)[name] = value - 1;
    return true;
  }
  return false;
}

export function clearFaults() {
  state.byEmail.clear();
}
