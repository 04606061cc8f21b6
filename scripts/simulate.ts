import { parseArgs } from "node:util";
import { runScenario } from "@/lib/demo/scenarios/run-scenario";
import { findScenario, scenarios } from "@/lib/demo/scenarios/scenarios";
import { SimulationClient } from "@/lib/demo/scenarios/simulation-client";

const DEMO_STRIPE_SECRET = "whsec_demo_storyline_local_only";

const usage = `Usage: npm run simulate -- <scenario|all> [--url http://localhost:3000] [--store demo] [--secret whsec_…]

Drives a whole order lifecycle through the running app's real webhook routes and workers, using
the local Stripe/Printify sandbox, then checks the order's timeline. Scenarios:
${scenarios.map((s) => `  ${s.name.padEnd(13)} ${s.summary}`).join("\n")}`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string", default: process.env.APP_URL ?? "http://localhost:3000" },
      store: { type: "string", default: "demo" },
      secret: { type: "string", default: process.env.STRIPE_WEBHOOK_SECRET ?? DEMO_STRIPE_SECRET },
      help: { type: "boolean", short: "h" },
    },
  });
  const name = positionals[0];
  if (values.help || !name) {
    console.info(usage);
    process.exit(name || values.help ? 0 : 2);
  }
  const chosen = name === "all" ? scenarios : [findScenario(name)].filter((s) => s !== undefined);
  if (chosen.length === 0) {
    console.error(`Unknown scenario “${name}”.\n\n${usage}`);
    process.exit(2);
  }
  const client = new SimulationClient({
    baseUrl: values.url.replace(/\/+$/, ""),
    storeSlug: values.store,
    stripeSecret: values.secret,
  });
  let failed = 0;
  for (const scenario of chosen) {
    console.info(`\n▶ ${scenario.name}: ${scenario.summary}`);
    const result = await runScenario(client, scenario);
    for (const order of result.recorded.orders)
      console.info(`  order #${order.number} — ${order.status} — ${values.url}/admin/orders/${order.id}`);
    for (const e of result.recorded.events) {
      const mark = e.level === "info" ? "●" : e.level === "warning" ? "⚠" : "✖";
      const resolved = e.resolvedAt ? `  (resolved: ${e.resolutionNote ?? "by a person"})` : "";
      console.info(
        `  ${mark} ${new Date(e.occurredAt).toISOString().slice(11, 19)}  ${e.eventType.padEnd(30)} ${e.message}${resolved}`,
      );
    }
    if (result.ok) console.info(`  ✓ timeline as expected (${(result.ms / 1000).toFixed(1)} s)`);
    else {
      failed++;
      console.error(`  ✗ ${result.problems.join("\n  ✗ ")}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`simulate: ${message}`);
  if (/ECONNREFUSED|fetch failed/.test(message))
    console.error("Is the app running? Start it with `npm run dev` (or pass --url).");
  process.exit(1);
});
