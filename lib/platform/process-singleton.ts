/**
 * One value per process, kept on `globalThis`: Next.js loads a module several times (in
 * instrumentation, in route bundles, again on every dev hot reload), and a database, a lock
 * or a write queue must exist exactly once.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`storyline.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  let value = holder[key];
  if (value === undefined) {
    value = create();
    holder[key] = value;
  }
  return value;
}
