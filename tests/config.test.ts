import { expect, test } from "vitest";
import { ConfigError, parseConfig } from "@/lib/platform/config";

test("no DATABASE_URL means embedded mode in ./.storyline", () => {
  const config = parseConfig({});
  expect(config.mode).toBe("embedded");
  expect(config.dataDir).toMatch(/\.storyline$/);
  expect(config.activity).toEqual({
    writeTimeoutMs: 5000,
    spoolRetryMs: 5000,
    batchMax: 500,
    concurrency: 2,
  });
});

test("DATABASE_URL means server mode; an empty one is the same as none", () => {
  expect(parseConfig({ DATABASE_URL: "postgres://u@h:5432/db", DATABASE_POOL_MAX: "4" })).toMatchObject({
    mode: "server",
    poolMax: 4,
  });
  expect(parseConfig({ DATABASE_URL: "" }).mode).toBe("embedded");
});

test("a bad value stops start-up with a message naming the variable", () => {
  const bad = () =>
    parseConfig({
      DATABASE_URL: "mysql://x",
      DATABASE_POOL_MAX: "lots",
      AUTH_SECRET: "short",
      STORYLINE_SEED_DEMO: "maybe",
    });
  expect(bad).toThrow(ConfigError);
  try {
    bad();
  } catch (error) {
    const message = (error as Error).message;
    for (const name of ["DATABASE_URL", "DATABASE_POOL_MAX", "AUTH_SECRET", "STORYLINE_SEED_DEMO"]) {
      expect(message).toContain(name);
    }
    expect(message).toContain('"lots"');
  }
});
