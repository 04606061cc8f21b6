import { z } from "zod";
import { SandboxFaults, setFaults } from "./faults";
import { json, readJson } from "./sandbox-http";
import type { SandboxOrder } from "./sandbox-state";

const SetFaultsBody = z.object({ email: z.email(), faults: SandboxFaults.strict() });

/**
 * The sandbox's own endpoints (paths below `/control`), for scenarios and tests:
 * `POST /faults` `{ email, faults }` replaces one customer's faults (400 on an unknown fault or
 * a bad value), `GET /orders` lists the Printify orders, `POST /reset` forgets everything.
 */
export async function handleControl(
  request: Request,
  path: string,
  sandbox: { orders(): SandboxOrder[]; reset(): void },
): Promise<Response> {
  const route = `${request.method} ${path}`;
  if (route === "POST /faults") {
    const parsed = SetFaultsBody.safeParse(await readJson(request));
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
        .join("; ");
      return json(400, { error: { code: "invalid_request", message } });
    }
    setFaults(parsed.data.email, parsed.data.faults);
    return json(200, { email: parsed.data.email.toLowerCase(), faults: parsed.data.faults });
  }
  if (route === "GET /orders") return json(200, { data: sandbox.orders() });
  if (route === "POST /reset") {
    sandbox.reset();
    return json(200, { ok: true });
  }
  return json(404, { error: { code: "not_found", message: `No sandbox control endpoint ${route}` } });
}
