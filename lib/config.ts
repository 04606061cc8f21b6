import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable the app reads, validated once at start-up. */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_MAX: positiveInt(10),
  STORYLINE_DATA_DIR: z.string().trim().min(1).default(".storyline"),
  STORYLINE_SEED_DEMO: booleanFlag.default(true),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ACTIVITY_WRITE_TIMEOUT_MS: positiveInt(5000),
  ACTIVITY_SPOOL_RETRY_MS: positiveInt(5000),
  ACTIVITY_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
  ACTIVITY_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
});

export type Config = {
  databaseUrl: string | undefined;
  mode: "embedded" | "server";
  poolMax: number;
  dataDir: string;
  seedDemo: boolean;
  authSecret: string | undefined;
  activity: { writeTimeoutMs: number; spoolRetryMs: number; batchMax: number; concurrency: number };
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws a `ConfigError` naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]),
  );
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        return `${name}: ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    mode: e.DATABASE_URL ? "server" : "embedded",
    poolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.STORYLINE_DATA_DIR),
    seedDemo: e.STORYLINE_SEED_DEMO,
    authSecret: e.AUTH_SECRET ?? e.NEXTAUTH_SECRET,
    activity: {
      writeTimeoutMs: e.ACTIVITY_WRITE_TIMEOUT_MS,
      spoolRetryMs: e.ACTIVITY_SPOOL_RETRY_MS,
      batchMax: e.ACTIVITY_BATCH_MAX,
      concurrency: e.ACTIVITY_WRITE_CONCURRENCY,
    },
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
