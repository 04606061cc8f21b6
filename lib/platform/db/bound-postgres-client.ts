import type postgres from "postgres";
import { asDatabaseUnavailable, DatabaseUnavailableError } from "../database-unavailable";

type Sql = postgres.Sql;
type TransactionSql = postgres.TransactionSql;
type Callable = (...args: unknown[]) => unknown;

/**
 * Settles with `work`, or rejects with `DatabaseUnavailableError` once `ms` have passed (after
 * calling `onTimeout`). The clock covers everything the caller waits for: a free pool
 * connection, connecting, and the answer. A connection failure becomes the same error.
 */
export function withinBudget<T>(work: PromiseLike<T>, ms: number, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new DatabaseUnavailableError(`no answer within ${ms} ms`));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asDatabaseUnavailable(error) ?? error);
      },
    );
  });
}

/**
 * A postgres.js query whose `await` is bounded. Its builder methods (`values()`, `simple()`…)
 * return the bounded query again. On expiry the query is cancelled: one still waiting for a
 * connection leaves the queue, so it never runs after its caller was told it failed.
 */
function boundQuery<Q extends PromiseLike<unknown> & { cancel(): unknown }>(
  query: Q,
  ms: number,
  onTimeout?: () => void,
): Q {
  const expire = () => {
    onTimeout?.();
    void Promise.resolve()
      .then(() => query.cancel())
      .catch(() => {});
  };
  const bounded: Q = new Proxy(query, {
    get(target, prop) {
      if (prop === "then")
        return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
          withinBudget(target, ms, expire).then(onFulfilled, onRejected);
      if (prop === "catch")
        return (onRejected?: (e: unknown) => unknown) => withinBudget(target, ms, expire).catch(onRejected);
      if (prop === "finally")
        return (onFinally?: () => void) => withinBudget(target, ms, expire).finally(onFinally);
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result = (value as Callable).apply(target, args);
        return result === target ? bounded : result;
      };
    },
  });
  return bounded;
}

/**
 * A transaction (`begin`) whose every wait is bounded: getting a connection and BEGIN, each
 * statement, and COMMIT/ROLLBACK. A statement that runs out of time fails the whole
 * transaction at once, and the transaction then rolls back when it can — it never commits
 * what its caller was told had failed.
 */
function boundBegin(client: Sql, args: unknown[], ms: number): Promise<unknown> {
  const fn = args.at(-1) as (tx: TransactionSql) => unknown;
  const mode = args.slice(0, -1) as [string?];
  return new Promise((resolve, reject) => {
    let failure: unknown = null;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: unknown) => {
      failure ??= error;
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(failure);
    };
    const arm = (what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new DatabaseUnavailableError(`${what} took over ${ms} ms`)), ms);
    };
    const body = async (tx: TransactionSql) => {
      if (failure) throw failure;
      clearTimeout(timer);
      const result = await fn(boundTransaction(tx, ms, fail));
      if (failure) throw failure;
      arm("COMMIT");
      return result;
    };
    arm("starting a transaction");
    const started = mode.length ? client.begin(mode[0]!, body) : client.begin(body);
    started.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => fail(asDatabaseUnavailable(error) ?? error),
    );
  });
}

/** The transaction's client: its statements and savepoints bounded, a timeout failing the transaction. */
function boundTransaction(tx: TransactionSql, ms: number, fail: (error: unknown) => void): TransactionSql {
  const timedOut = () => fail(new DatabaseUnavailableError(`a statement took over ${ms} ms`));
  const bounded: TransactionSql = new Proxy(tx, {
    get(target, prop) {
      if (prop === "unsafe")
        return (...args: Parameters<TransactionSql["unsafe"]>) =>
          boundQuery(target.unsafe(...args), ms, timedOut);
      if (prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (sp: TransactionSql) => unknown;
          const wrapped = (sp: TransactionSql) => fn(boundTransaction(sp, ms, fail));
          return args.length > 1 ? target.savepoint(args[0] as string, wrapped) : target.savepoint(wrapped);
        };
      return Reflect.get(target, prop, target);
    },
  });
  return bounded;
}

/**
 * postgres.js with a time budget on everything Drizzle and the handle ask of it (`unsafe`,
 * `begin`): no caller waits longer than `ms` for the database — not for a pool connection
 * (postgres.js queues without limit when all are busy), not for a hung server. postgres.js
 * has no such option of its own.
 */
export function boundPostgresClient(client: Sql, ms: number): Sql {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "unsafe")
        return (...args: Parameters<Sql["unsafe"]>) => boundQuery(target.unsafe(...args), ms);
      if (prop === "begin") return (...args: unknown[]) => boundBegin(target, args, ms);
      return Reflect.get(target, prop, target);
    },
  });
}
