import PgBoss from "pg-boss";
import { ZodError } from "zod";
import type { Config } from "@/lib/platform/config";
import { QUEUE_SCHEMA } from "@/lib/platform/db/app-role";
import { sqlExecutor } from "@/lib/platform/db/sql-executor";
import type { DatabaseHandle, Db } from "@/lib/platform/db/types";
import { type JobData, type JobName, jobDefinitions, jobNames } from "./definitions";

export type { JobName };

/** What a job handler gets besides its payload. */
export type JobContext = {
  db: Db;
  config: Config;
  queue: JobQueue;
  jobId: string;
  /** 1 for the first run, 2 for the first retry… */
  attempt: number;
  maxAttempts: number;
  isLastAttempt: boolean;
};

export type JobHandler<N extends JobName> = (data: JobData<N>, ctx: JobContext) => Promise<unknown>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/**
 * Thrown by a handler when a retry cannot help (an order that no longer exists, a variant out
 * of stock): the job completes at once, with the reason as its output, and is not retried.
 * The handler has already recorded what happened.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/**
 * Thrown by a handler that has already logged the failure as an activity event and wants the
 * queue to retry (if attempts remain): the runner adds no `job.failed` event of its own.
 */
export class ReportedJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportedJobError";
  }
}

type SendOptions = Omit<PgBoss.SendOptions, "db">;

/** What a verb needs of the queue: enqueue inside a transaction, and wake this process's workers. */
export type JobSender = Pick<JobQueue, "send" | "wake">;

/** The Postgres job queue (pg-boss), on the app's own database in either mode. */
export class JobQueue {
  readonly #workers = new Map<JobName, string[]>();
  #onUnreported: ((name: JobName, data: unknown, error: Error, attempts: number) => Promise<void>) | null =
    null;

  constructor(
    readonly boss: PgBoss,
    readonly db: Db,
    readonly config: Config,
  ) {}

  /**
   * Enqueues a job inside `db` — pass the transaction that makes the change, and the job
   * exists only if that commits. The payload is checked against the job's schema.
   */
  async send<N extends JobName>(
    db: Db,
    name: N,
    data: JobData<N>,
    options: SendOptions = {},
  ): Promise<string | null> {
    const definition = jobDefinitions[name];
    const payload = definition.data.parse(data) as object;
    const singletonKey = "singletonKey" in definition ? definition.singletonKey(payload as never) : undefined;
    return this.boss.send(name, payload, {
      ...(singletonKey ? { singletonKey } : {}),
      ...options,
      db: sqlExecutor(db),
    });
  }

  /** Asks this process's workers for `name` to look for work now rather than at their next poll. */
  wake(name: JobName): void {
    for (const id of this.#workers.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /** Called for a failure no handler reported, on its last attempt (the app logs `job.failed`). */
  onUnreportedFailure(fn: (name: JobName, data: unknown, error: Error, attempts: number) => Promise<void>) {
    this.#onUnreported = fn;
  }

  /** Starts workers for the given handlers (`concurrency` of each). */
  async work(handlers: JobHandlers, options: { concurrency?: number; pollingIntervalSeconds?: number } = {}) {
    for (const name of jobNames) {
      const handler = handlers[name] as JobHandler<JobName> | undefined;
      if (!handler) continue;
      const ids: string[] = [];
      for (let i = 0; i < (options.concurrency ?? 1); i++) {
        let workerId = "";
        workerId = await this.boss.work<object>(
          name,
          {
            batchSize: 1,
            includeMetadata: true,
            pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
          },
          async ([job]) => {
            if (!job) return undefined;
            try {
              return await this.#run(name, job, handler);
            } finally {
              // pg-boss waits a polling interval after every fetch; with work waiting, fetch again at once.
              if (workerId) this.boss.notifyWorker(workerId);
            }
          },
        );
        ids.push(workerId);
      }
      this.#workers.set(name, ids);
    }
  }

  async #run(name: JobName, job: PgBoss.JobWithMetadata<object>, handler: JobHandler<JobName>) {
    const attempt = job.retryCount + 1;
    const maxAttempts = job.retryLimit + 1;
    const parsed = jobDefinitions[name].data.safeParse(job.data);
    if (!parsed.success) {
      console.error(`[jobs] ${name} ${job.id}: invalid payload, not retried: ${parsed.error.message}`);
      return { error: "invalid payload", issues: parsed.error.issues.map((i) => i.message) };
    }
    try {
      return await handler(parsed.data as JobData<JobName>, {
        db: this.db,
        config: this.config,
        queue: this,
        jobId: job.id,
        attempt,
        maxAttempts,
        isLastAttempt: attempt >= maxAttempts,
      });
    } catch (error) {
      if (error instanceof PermanentJobError || error instanceof ZodError) {
        console.warn(`[jobs] ${name} ${job.id}: ${error.message} (not retried)`);
        return { error: error.message, retried: false };
      }
      const err = error instanceof Error ? error : new Error(String(error));
      if (!(error instanceof ReportedJobError)) {
        console.error(`[jobs] ${name} ${job.id} attempt ${attempt}/${maxAttempts} failed:`, err);
        if (attempt >= maxAttempts)
          await this.#onUnreported?.(name, parsed.data, err, attempt).catch(() => {});
      }
      throw err;
    }
  }

  async stop() {
    await this.boss.stop({ graceful: true, timeout: 10_000, wait: true, close: true });
  }
}

export type StartQueueOptions = {
  config: Config;
  /** A server's URL: pg-boss gets its own small pool. Without one, it runs on the handle (PGlite). */
  connectionString?: string | null;
  /** Run the maintenance and cron supervisors here (true wherever workers run). */
  supervise?: boolean;
};

/** Opens pg-boss on the app's database, creating its schema and every queue. */
export async function startJobQueue(database: DatabaseHandle, options: StartQueueOptions): Promise<JobQueue> {
  const supervise = options.supervise ?? true;
  const common = {
    schema: QUEUE_SCHEMA,
    supervise,
    schedule: supervise,
    migrate: true,
    // Keep finished jobs for a week: they are the audit trail of what the workers did.
    deleteAfterDays: 7,
    // Maintenance is what notices an expired active job (its worker died) and puts it back.
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
  };
  const boss = options.connectionString
    ? new PgBoss({
        ...common,
        ...jobPoolTimeouts(options.config),
        connectionString: options.connectionString,
        max: 3,
        application_name: "storyline-jobs",
      })
    : new PgBoss({
        ...common,
        db: {
          executeSql: async (text: string, values?: unknown[]) => ({
            rows: await database.query(text, (values ?? []).map(jsonParam)),
          }),
        },
      });
  boss.on("error", (error) => console.error("[jobs] queue error:", error));
  try {
    await boss.start();
    for (const name of jobNames)
      await ensureQueue(boss, name, { name, ...jobDefinitions[name].queue(options.config) });
  } catch (error) {
    // A start that failed (the database down or hung) leaves no pool or timer behind.
    await boss.stop({ graceful: false, close: true, wait: false }).catch(() => {});
    throw error;
  }
  return new JobQueue(boss, database.db, options.config);
}

/**
 * PostgreSQL errors of two processes creating the same queue at once on a fresh database (a
 * deploy starting several workers): a deadlock inside pg-boss's `create_queue`, or the queue's
 * row or partition made by the other meanwhile.
 */
const QUEUE_RACE_CODES = new Set(["40P01", "23505", "42P07"]);

/** Creates queue `name`, or updates it to `queueOptions`; a race with another starting process is tried again. */
async function ensureQueue(boss: PgBoss, name: string, queueOptions: Parameters<PgBoss["createQueue"]>[1]) {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(name)) await boss.updateQueue(name, queueOptions);
      else await boss.createQueue(name, queueOptions);
      return;
    } catch (error) {
      const code = (error as { code?: string } | null)?.code;
      if (attempt >= 5 || !code || !QUEUE_RACE_CODES.has(code)) throw error;
      // The other process has made (or is making) the queue: look again after it is done.
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/**
 * How often pg-boss's maintenance runs (pg-boss's default is 120 s). An active job whose
 * worker was killed is retried once maintenance sees it past its `expireInSeconds`.
 */
export const MAINTENANCE_INTERVAL_SECONDS = 10;

/** A job-queue statement may take this long (maintenance on a large job table), never forever. */
const JOB_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * The bounds of pg-boss's own pool (node-postgres options, handed through by pg-boss): a
 * connection — including the wait for a free one — within the app's connect timeout, and
 * every statement bounded on the client (`query_timeout`: a hung server) and on the server.
 */
function jobPoolTimeouts(config: Config) {
  const budget = config.databaseBudget;
  return {
    connectionTimeoutMillis: budget.connectTimeoutSeconds * 1000,
    query_timeout: JOB_STATEMENT_TIMEOUT_MS,
    statement_timeout: JOB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: budget.idleInTransactionTimeoutMs,
  };
}

function jsonParam(value: unknown) {
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value))
    return JSON.stringify(value);
  return value;
}
