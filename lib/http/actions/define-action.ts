import { z } from "zod";
import { requirePermission } from "@/lib/auth/check-store-access";
import type { Permission } from "@/lib/auth/permissions";
import { type Access, resolveAccess } from "@/lib/http/access";
import { AppError } from "@/lib/platform/errors";

export type ActionResult<R> =
  | ({ ok: true } & R)
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * A server action in three parts: who may run it, what input it takes (zod), and what it does.
 * The permission is stated here once. `perform` runs it as the signed-in person; `handle` as
 * the person a test hands in. Neither throws: bad input is `{ ok: false, error, fieldErrors }`
 * naming the fields, a refusal (401/403/404/409…) is its message, anything unforeseen is
 * logged and answered with a generic message. The `"use server"` file is one line per action:
 *
 *   export async function renameAction(input: unknown) {
 *     return adminActions.rename.perform(input);
 *   }
 */
export function defineAction<S extends z.ZodType, R extends Record<string, unknown>>(spec: {
  permission: Permission;
  input: S;
  run: (access: Access, data: z.output<S>) => Promise<R>;
  /** What went wrong, for the server log and the person ("The address could not be saved."). */
  failure: string;
}) {
  const action = {
    permission: spec.permission,
    /** Runs the action as the signed-in person, in their current store. */
    perform(raw: unknown): Promise<ActionResult<R>> {
      return action.handle(() => resolveAccess(spec.permission), raw);
    },
    async handle(getAccess: () => Promise<Access>, raw: unknown): Promise<ActionResult<R>> {
      try {
        const access = await getAccess();
        // The same check (and refusal) as resolveAccess, for a person handed in directly.
        requirePermission(access.store, spec.permission);
        const parsed = spec.input.safeParse(raw);
        if (!parsed.success) {
          const fieldErrors: Record<string, string> = {};
          for (const issue of parsed.error.issues)
            fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
          return { ok: false, error: Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors };
        }
        return { ok: true, ...(await spec.run(access, parsed.data)) };
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.message };
        console.error(`[action] ${spec.failure}`, error);
        return { ok: false, error: `${spec.failure} Please try again.` };
      }
    },
  };
  return action;
}

/** A uuid from a form: a clear message rather than zod's. */
export const recordId = (what: string) => z.uuid({ message: `That ${what} does not exist.` });

/** What an action answers, for the component that calls it. */
export type ActionResultOf<A extends { perform(raw: unknown): Promise<unknown> }> = Awaited<
  ReturnType<A["perform"]>
>;
