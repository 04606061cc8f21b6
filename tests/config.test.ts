import { describe, expect, it, test } from "vitest";
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

describe("the database roles", () => {
  const url = "postgres://storyline_app:secret@db:5432/storyline";
  const admin = "postgres://storyline_owner:other@db:5432/storyline";

  it("embedded mode has none", () => {
    expect(parseConfig({}).databaseRoles).toBeNull();
  });

  it("one URL: migrations and the app run as one role, the owner", () => {
    expect(parseConfig({ DATABASE_URL: url }).databaseRoles).toEqual({ adminUrl: url, appRole: null });
  });

  it("an admin URL: migrations as its role, the app as DATABASE_URL's user", () => {
    expect(parseConfig({ DATABASE_URL: url, DATABASE_ADMIN_URL: admin }).databaseRoles).toEqual({
      adminUrl: admin,
      appRole: "storyline_app",
    });
  });

  it("DATABASE_APP_ROLE names a role other than the URL's user; the admin's own name means one role", () => {
    expect(
      parseConfig({ DATABASE_URL: url, DATABASE_ADMIN_URL: admin, DATABASE_APP_ROLE: "storyline_readers" })
        .databaseRoles?.appRole,
    ).toBe("storyline_readers");
    expect(
      parseConfig({ DATABASE_URL: url, DATABASE_ADMIN_URL: admin, DATABASE_APP_ROLE: "storyline_owner" })
        .databaseRoles?.appRole,
    ).toBeNull();
  });

  it("refuses a bad admin URL or role name, naming the variable", () => {
    expect(() => parseConfig({ DATABASE_URL: url, DATABASE_ADMIN_URL: "mysql://x" })).toThrow(
      /DATABASE_ADMIN_URL/,
    );
    expect(() => parseConfig({ DATABASE_URL: url, DATABASE_APP_ROLE: 'x"; drop' })).toThrow(
      /DATABASE_APP_ROLE/,
    );
  });
});
