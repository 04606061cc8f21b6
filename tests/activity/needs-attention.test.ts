import { sql } from "drizzle-orm";
import { getTableConfig, PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { activityLog } from "@/db/schema";
import { needsAttention } from "@/lib/activity/read/needs-attention";

const dialect = new PgDialect();

describe("needsAttention", () => {
  it("is the predicate of the partial attention index, term for term", () => {
    const index = getTableConfig(activityLog).indexes.find(
      (i) => i.config.name === "activity_log_attention_idx",
    );
    const indexWhere = dialect.sqlToQuery(index!.config.where!).sql;
    // A wrapper, inlined: `inlineParams()` flags the SQL it is called on, and the shared
    // condition must keep its bound parameters.
    const condition = dialect.sqlToQuery(sql`${needsAttention}`.inlineParams());
    expect(condition.params).toEqual([]);
    expect(condition.sql).toBe(`(${indexWhere})`);
    expect(dialect.sqlToQuery(needsAttention).params).toEqual(["warning", "error", "debug"]);
  });
});
