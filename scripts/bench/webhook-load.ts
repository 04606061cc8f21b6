/**
 * P6's load generator, run as its own process so it does not share an event loop with the
 * server: autocannon POSTs signed `checkout.session.completed` deliveries, each with a new
 * event id and checkout session (every one must become exactly one order), and prints the
 * result as JSON. Usage: tsx scripts/bench/webhook-load.ts '<json options>'.
 */
import { createHmac, randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { checkoutSession, stripeEvent } from "@/lib/demo/sandbox/stripe-events";

type Options = { url: string; secret: string; seconds: number; connections: number; tag: string };
const options = JSON.parse(process.argv[2] ?? "{}") as Options;

let sent = 0;
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.seconds,
  timeout: 10,
  requests: [
    {
      method: "POST",
      setupRequest(request) {
        sent++;
        const n = `${options.tag}-${process.pid}-${sent}-${randomBytes(3).toString("hex")}`;
        const session = checkoutSession({
          id: `cs_bench_${n}`,
          email: `p6-${n}@bench.example`,
          subtotal: 2500,
          shipping: 450,
        });
        const body = JSON.stringify(
          stripeEvent({ type: "checkout.session.completed", object: session, id: `evt_bench_${n}` }),
        );
        const t = Math.floor(Date.now() / 1000);
        const v1 = createHmac("sha256", options.secret).update(`${t}.${body}`).digest("hex");
        return {
          ...request,
          body,
          headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` },
        };
      },
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    seconds: result.duration,
  })}\n`,
);
