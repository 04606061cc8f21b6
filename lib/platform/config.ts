import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalUrl = z
  .string()
  .trim()
  .url("must be a URL such as http://localhost:3000")
  .transform((v) => v.replace(/\/+$/, ""))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
  .optional()
  .or(z.literal("").transform(() => undefined));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Which hops may tell us the client's address in X-Forwarded-For. `none`: nobody, the client
 * address is the socket's peer. `hops`: that many reverse proxies stand in front of the app.
 * `networks`: peers within these CIDRs (or single addresses) are proxies.
 */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "networks"; networks: { address: string; prefix: number; family: "ipv4" | "ipv6" }[] };

const cidr = z
  .string()
  .trim()
  .transform((entry, ctx) => {
    const [address = "", prefixText, extra] = entry.split("/");
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!version || extra !== undefined || !/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR such as 10.0.0.0/8` });
      return z.NEVER;
    }
    return { address, prefix, family: version === 6 ? ("ipv6" as const) : ("ipv4" as const) };
  });

const trustedProxies = z
  .string()
  .trim()
  .default("")
  .transform((value, ctx): TrustedProxies => {
    if (value === "" || value === "0" || value === "false") return { kind: "none" };
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: "custom", message: "at most 10 proxy hops" });
      return { kind: "hops", hops };
    }
    const parsed = z.array(cidr).safeParse(value.split(","));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }
    return { kind: "networks", networks: parsed.data };
  });

/** Every environment variable the app reads, validated once at start-up. */
const EnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_ADMIN_URL: postgresUrl,
  DATABASE_APP_ROLE: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a role name of lower-case letters, digits and _")
    .optional(),
  DATABASE_POOL_MAX: positiveInt(10),
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(3),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  STORYLINE_DATA_DIR: z.string().trim().min(1).default(".storyline"),
  STORYLINE_SEED_DEMO: booleanFlag.default(true),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  HEALTH_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  ACTIVITY_WRITE_TIMEOUT_MS: positiveInt(5000),
  ACTIVITY_SPOOL_RETRY_MS: positiveInt(5000),
  ACTIVITY_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
  ACTIVITY_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  LIVE_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(500),
  ACTIVITY_SIGNING_KEY: z.string().trim().min(1).optional(),
  ACTIVITY_CHECKPOINT_DIR: z.string().trim().min(1).optional(),
  ACTIVITY_SEAL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  ACTIVITY_CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(59).default(15),
  APP_URL: optionalUrl,
  STORYLINE_WORKERS: booleanFlag.optional(),
  STORYLINE_SANDBOX: booleanFlag.optional(),
  SANDBOX_STEP_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  PRINTIFY_API_URL: optionalUrl,
  PRINTIFY_API_TOKEN: z.string().trim().min(1).optional(),
  PROVIDER_TIMEOUT_MS: positiveInt(10_000),
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_/, "must start with sk_ or rk_")
    .optional(),
  STRIPE_API_URL: optionalUrl,
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default("Storyline Shop <orders@storyline.test>"),
  SUBMISSION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  SUBMISSION_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  EMAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  ABANDONED_CART_DELAY_MINUTES: z.coerce.number().min(0).max(10_080).default(60),
  STUCK_UNSUBMITTED_MINUTES: z.coerce.number().min(1).default(30),
  STUCK_IN_PRODUCTION_DAYS: z.coerce.number().min(1).default(10),
  FOLLOW_UP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(59).default(10),
  TRUSTED_PROXIES: trustedProxies,
});

export type Config = {
  databaseUrl: string | undefined;
  /**
   * Server mode's two roles: `npm run db:migrate` connects with `adminUrl` (the owner of the
   * tables); the app and the workers connect with DATABASE_URL as `appRole`, which may read
   * and append to the activity log and resolve its rows, nothing more. `appRole` is null when
   * both are one role (the app then runs as the tables' owner, and says so at start).
   */
  databaseRoles: { adminUrl: string; appRole: string | null } | null;
  mode: "embedded" | "server";
  poolMax: number;
  /** Server mode's time budget: every wait for the database is bounded (a down or hung server answers 503 fast). */
  databaseBudget: {
    connectTimeoutSeconds: number;
    queryTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  dataDir: string;
  seedDemo: boolean;
  authSecret: string | undefined;
  /** Shows `/api/health`'s details to a monitor that sends it as a Bearer token. */
  healthToken: string | undefined;
  activity: { writeTimeoutMs: number; spoolRetryMs: number; batchMax: number; concurrency: number };
  /** Live updates: open activity streams this process serves at most (past it, 503). */
  liveMaxStreams: number;
  /**
   * The sealed history: how often the seal job runs, how often chain heads are signed, the
   * Ed25519 key (PEM or base64 PKCS#8; else a key file in the data folder) and where the
   * checkpoint files go (outside the database; default `<data dir>/seal/checkpoints`).
   */
  seal: {
    intervalSeconds: number;
    checkpointIntervalMinutes: number;
    signingKey: string | undefined;
    checkpointDir: string;
  };
  /** This app's own address, for links in emails and the sandbox; defaults to the port Next listens on. */
  appUrl: string | undefined;
  /** Run the job workers inside the web process (default in embedded mode). */
  workersInProcess: boolean;
  /** Serve the local Stripe/Printify sandbox (default when no real API credentials are set). */
  sandbox: boolean;
  sandboxStepMs: number;
  printify: { apiUrl: string | undefined; token: string | undefined; timeoutMs: number };
  stripe: { secretKey: string | undefined; apiUrl: string | undefined };
  mail: { smtpUrl: string | undefined; from: string; maxAttempts: number; retryDelaySeconds: number };
  submission: { maxAttempts: number; retryDelaySeconds: number };
  abandonedCartDelayMinutes: number;
  watchdog: { unsubmittedMinutes: number; inProductionDays: number };
  followUpIntervalMinutes: number;
  /** Whose X-Forwarded-For to believe; off by default (the socket's peer is the client). */
  trustedProxies: TrustedProxies;
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
  const sandbox = e.STORYLINE_SANDBOX ?? !(e.PRINTIFY_API_TOKEN || e.STRIPE_SECRET_KEY);
  return {
    databaseUrl: e.DATABASE_URL,
    databaseRoles: e.DATABASE_URL
      ? databaseRoles(e.DATABASE_URL, e.DATABASE_ADMIN_URL, e.DATABASE_APP_ROLE)
      : null,
    mode: e.DATABASE_URL ? "server" : "embedded",
    poolMax: e.DATABASE_POOL_MAX,
    databaseBudget: {
      connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    dataDir: path.resolve(e.STORYLINE_DATA_DIR),
    seedDemo: e.STORYLINE_SEED_DEMO,
    authSecret: e.AUTH_SECRET ?? e.NEXTAUTH_SECRET,
    healthToken: e.HEALTH_TOKEN,
    activity: {
      writeTimeoutMs: e.ACTIVITY_WRITE_TIMEOUT_MS,
      spoolRetryMs: e.ACTIVITY_SPOOL_RETRY_MS,
      batchMax: e.ACTIVITY_BATCH_MAX,
      concurrency: e.ACTIVITY_WRITE_CONCURRENCY,
    },
    liveMaxStreams: e.LIVE_MAX_STREAMS,
    seal: {
      intervalSeconds: e.ACTIVITY_SEAL_INTERVAL_SECONDS,
      checkpointIntervalMinutes: e.ACTIVITY_CHECKPOINT_INTERVAL_MINUTES,
      signingKey: e.ACTIVITY_SIGNING_KEY,
      checkpointDir: e.ACTIVITY_CHECKPOINT_DIR
        ? path.resolve(e.ACTIVITY_CHECKPOINT_DIR)
        : `${path.resolve(e.STORYLINE_DATA_DIR)}/seal/checkpoints`,
    },
    appUrl: e.APP_URL,
    workersInProcess: e.STORYLINE_WORKERS ?? !e.DATABASE_URL,
    sandbox,
    sandboxStepMs: e.SANDBOX_STEP_MS,
    printify: { apiUrl: e.PRINTIFY_API_URL, token: e.PRINTIFY_API_TOKEN, timeoutMs: e.PROVIDER_TIMEOUT_MS },
    stripe: { secretKey: e.STRIPE_SECRET_KEY, apiUrl: e.STRIPE_API_URL },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      maxAttempts: e.EMAIL_MAX_ATTEMPTS,
      // Against the sandbox, retries come quickly so a demo's story unfolds while you watch.
      retryDelaySeconds: e.EMAIL_RETRY_DELAY_SECONDS ?? (sandbox ? 5 : 60),
    },
    submission: {
      maxAttempts: e.SUBMISSION_MAX_ATTEMPTS,
      retryDelaySeconds: e.SUBMISSION_RETRY_DELAY_SECONDS ?? (sandbox ? 5 : 30),
    },
    abandonedCartDelayMinutes: e.ABANDONED_CART_DELAY_MINUTES,
    watchdog: {
      unsubmittedMinutes: e.STUCK_UNSUBMITTED_MINUTES,
      inProductionDays: e.STUCK_IN_PRODUCTION_DAYS,
    },
    followUpIntervalMinutes: e.FOLLOW_UP_INTERVAL_MINUTES,
    trustedProxies: e.TRUSTED_PROXIES,
  };
}

/** The user a postgres:// URL signs in as (postgres.js's default when it names none). */
export function databaseUser(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  return user || process.env.PGUSER || process.env.USER || "postgres";
}

/**
 * Migrations run as DATABASE_ADMIN_URL's user (else DATABASE_URL's); the app runs as
 * DATABASE_APP_ROLE, by default DATABASE_URL's user when it is not the admin.
 */
function databaseRoles(url: string, adminUrl: string | undefined, appRole: string | undefined) {
  const admin = adminUrl ?? url;
  const role = appRole ?? databaseUser(url);
  return { adminUrl: admin, appRole: role === databaseUser(admin) ? null : role };
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}

/** This app's base URL: APP_URL, or the local port Next.js is listening on. */
export function appUrl(config: Config = getConfig()): string {
  return config.appUrl ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}
