import path from "node:path";

export type BenchMode = "server" | "embedded";

export type BenchArgs = {
  /** Rows bulk-loaded for the read benchmarks (P3–P5). */
  rows: number;
  quick: boolean;
  modes: BenchMode[];
  jsonPath: string;
  /** Admin URL of the PostgreSQL server; the bench creates and drops its own database there. */
  serverUrl: string;
  /** Events written by each method in P1. */
  p1Events: { server: number; embedded: number };
  /** Concurrent callers in P1. */
  p1Callers: number;
  /** Alternating rounds of P1's logEvent and its INSERT … SELECT baseline. */
  p1Rounds: number;
  /** Length of each P2 measurement (per variant), in ms. */
  p2DurationMs: number;
  p2Clients: number;
  /** Timed iterations per read query (P3–P5). */
  readIterations: number;
  /** P6 (webhooks against the production build): run it, skip it, or run only it. */
  p6: "on" | "off" | "only";
  /** P8 (server render time of the order page and the feed, production build): run it, skip it, or run only it. */
  p8: "on" | "off" | "only";
  /** P7 (streamed export against COPY): run it, skip it, or run only it. */
  p7: "on" | "off" | "only";
  /** P9 (live updates: event written → visible in an open stream, and the notify trigger's cost): run it, skip it, or run only it. */
  p9: "on" | "off" | "only";
  /** Rows in P7's export (default 1M, --quick 50k). */
  p7Rows: number;
  /** The seal's cost to P1/P2 and its verify rate: run it, skip it, or run only it. */
  seal: "on" | "off" | "only";
  /** Rows of the one store sealed and verified (default 1M, --quick 20k). */
  sealRows: number;
  /**
   * The bench at size (`--size 1m,5m`): for each, a fresh database loaded with COPY over 50
   * stores, then P3–P5, P8 and the retention of one month; only that runs. Empty: off.
   */
  sizes: number[];
};

const USAGE = `Usage: npm run bench -- [--rows N] [--quick] [--mode server|embedded|both] [--json path]

  --rows N     rows bulk-loaded for the read benchmarks P3–P5 (default 200000, --quick 20000);
               accepts 200000, 200_000, 200k or 10M
  --quick      small sizes and short runs for a CI smoke test (< 2 minutes)
  --mode M     server, embedded or both (default both); server uses DATABASE_URL or
               postgres://postgres@127.0.0.1:5432/test as the admin connection
  --p6 on|off|only
               P6, signed webhook deliveries against the production build (built into .next-bench
               when missing or stale; needs a PostgreSQL server; default on)
  --p8 on|off|only
               P8, server render time of the order page and the feed against the production build,
               at --rows activity rows (the same build as P6; needs a PostgreSQL server; default on);
               with any "only", just the benchmarks marked only run
  --p7 on|off|only
               P7, the streamed CSV/NDJSON export of one store beside COPY … TO STDOUT
               (a PostgreSQL server; default on)
  --p7-rows N  rows in P7's export (default 1M, --quick 50k)
  --p9 on|off|only
               P9, live updates: logEvent → an open stream's client, with 100 open streams
               (--quick 25), and P1/P2 without and with the notify trigger (default on)
  --seal on|off|only
               the history seal: P1/P2 with the seal job running against not, and the verify
               rate over one store (default on)
  --seal-rows N
               rows sealed and verified for the verify rate (default 1M, --quick 20k)
  --size S[,S…]
               the bench at size, and only it: for each size (1m, 5m, 20m or any count ≥ 100k) a fresh
               database loaded with COPY over 50 stores and two years, then P3–P5, P8 (--p8 off skips
               it) and dropping the oldest month (partition or DELETE); prints how each figure grows
  --json path  where to write the results (default bench-results/bench-<timestamp>.json)`;

function parseCount(value: string | undefined, flag: string): number {
  const match = /^(\d[\d_]*)([kKmM]?)$/.exec(value ?? "");
  if (!match) throw new Error(`${flag} needs a positive number (got ${JSON.stringify(value)})\n\n${USAGE}`);
  const base = Number(match[1]!.replaceAll("_", ""));
  const unit = match[2]!.toLowerCase();
  const n = unit === "k" ? base * 1_000 : unit === "m" ? base * 1_000_000 : base;
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error(`${flag} must be at least 1000 (got ${value})`);
  return n;
}

export function parseArgs(argv: string[]): BenchArgs {
  let rows: number | undefined;
  let quick = false;
  let mode = "both";
  let jsonPath: string | undefined;
  let p6: BenchArgs["p6"] = "on";
  let p8: BenchArgs["p8"] = "on";
  let p7: BenchArgs["p7"] = "on";
  let p9: BenchArgs["p9"] = "on";
  let p7Rows: number | undefined;
  let seal: BenchArgs["seal"] = "on";
  let sealRows: number | undefined;
  let sizes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split("=", 2) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--rows":
        rows = parseCount(value(), "--rows");
        break;
      case "--quick":
        quick = true;
        break;
      case "--mode":
        mode = value() ?? "";
        if (!["server", "embedded", "both"].includes(mode))
          throw new Error(
            `--mode must be server, embedded or both (got ${JSON.stringify(mode)})\n\n${USAGE}`,
          );
        break;
      case "--p6": {
        const v = value();
        if (v !== "on" && v !== "off" && v !== "only") throw new Error(`--p6 is on, off or only\n\n${USAGE}`);
        p6 = v;
        break;
      }
      case "--p8": {
        const v = value();
        if (v !== "on" && v !== "off" && v !== "only") throw new Error(`--p8 is on, off or only\n\n${USAGE}`);
        p8 = v;
        break;
      }
      case "--p7": {
        const v = value();
        if (v !== "on" && v !== "off" && v !== "only") throw new Error(`--p7 is on, off or only\n\n${USAGE}`);
        p7 = v;
        break;
      }
      case "--p9": {
        const v = value();
        if (v !== "on" && v !== "off" && v !== "only") throw new Error(`--p9 is on, off or only\n\n${USAGE}`);
        p9 = v;
        break;
      }
      case "--p7-rows":
        p7Rows = parseCount(value(), "--p7-rows");
        break;
      case "--seal": {
        const v = value();
        if (v !== "on" && v !== "off" && v !== "only")
          throw new Error(`--seal is on, off or only\n\n${USAGE}`);
        seal = v;
        break;
      }
      case "--seal-rows":
        sealRows = parseCount(value(), "--seal-rows");
        break;
      case "--size":
        sizes = (value() ?? "").split(",").map((v) => parseCount(v.trim(), "--size"));
        if (sizes.some((n) => n < 100_000)) throw new Error(`--size is at least 100k rows\n\n${USAGE}`);
        break;
      case "--json":
        jsonPath = value();
        if (!jsonPath) throw new Error(`--json needs a path\n\n${USAGE}`);
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    rows: rows ?? (quick ? 20_000 : 200_000),
    quick,
    modes: mode === "both" ? ["server", "embedded"] : [mode as BenchMode],
    jsonPath: path.resolve(jsonPath ?? path.join("bench-results", `bench-${stamp}.json`)),
    serverUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test",
    p1Events: quick ? { server: 4_000, embedded: 1_500 } : { server: 20_000, embedded: 5_000 },
    p1Callers: 64,
    p1Rounds: quick ? 2 : 5,
    p2DurationMs: quick ? 1_000 : 3_000,
    p2Clients: 16,
    readIterations: quick ? 50 : 200,
    p6,
    p8,
    p7,
    p9,
    p7Rows: p7Rows ?? (quick ? 50_000 : 1_000_000),
    seal,
    sealRows: sealRows ?? (quick ? 20_000 : 1_000_000),
    sizes,
  };
}
