import type { Scenario } from "./scenarios";
import { waitFor } from "./scenarios";
import { type SimulatedOrders, SimulationClient } from "./simulation-client";

export type ScenarioResult = { ok: boolean; problems: string[]; recorded: SimulatedOrders; ms: number };

/**
 * Runs a scenario against a running app and waits until what the app recorded matches the
 * expectation exactly — every expected row (type, level, count, resolved or not), nothing
 * else, the lifecycle in order, the final status — or the time is up; then reports the
 * differences. A short quiet period after the match catches rows that would arrive late.
 */
export async function runScenario(
  client: SimulationClient,
  scenario: Scenario,
  options: { timeoutMs?: number } = {},
): Promise<ScenarioResult> {
  const started = Date.now();
  const email = SimulationClient.customerEmail(scenario.name);
  const sessions = await scenario.run(client, email);
  let recorded = await waitFor(
    client,
    sessions,
    (r) => check(scenario, r).length === 0,
    options.timeoutMs ?? 240_000,
  );
  if (check(scenario, recorded).length === 0) {
    await new Promise((r) => setTimeout(r, 1500));
    recorded = await client.recorded(sessions);
  }
  const problems = check(scenario, recorded);
  return { ok: problems.length === 0, problems, recorded, ms: Date.now() - started };
}

export function check(scenario: Scenario, recorded: SimulatedOrders): string[] {
  const problems: string[] = [];
  const key = (type: string, level: string) => `${type} (${level})`;
  const actual = new Map<string, number>();
  for (const e of recorded.events)
    actual.set(key(e.eventType, e.level), (actual.get(key(e.eventType, e.level)) ?? 0) + 1);
  const expected = new Map(scenario.expect.events.map((e) => [key(e.type, e.level), e.count ?? 1]));
  for (const [k, n] of expected)
    if ((actual.get(k) ?? 0) !== n) problems.push(`expected ${n} × ${k}, found ${actual.get(k) ?? 0}`);
  for (const [k, n] of actual) if (!expected.has(k)) problems.push(`unexpected ${n} × ${k}`);
  for (const e of scenario.expect.events) {
    if (e.resolved === undefined) continue;
    const rows = recorded.events.filter((r) => r.eventType === e.type && r.level === e.level);
    if (rows.some((r) => (r.resolvedAt !== null) !== e.resolved))
      problems.push(`${key(e.type, e.level)} should ${e.resolved ? "" : "not "}be resolved`);
  }
  const position = (type: string) => recorded.events.findIndex((r) => r.eventType === type);
  for (let i = 1; i < scenario.expect.chain.length; i++) {
    const [a, b] = [scenario.expect.chain[i - 1]!, scenario.expect.chain[i]!];
    if (position(a) >= 0 && position(b) >= 0 && position(a) > position(b))
      problems.push(`${a} should come before ${b}`);
  }
  const last = recorded.orders.at(-1);
  if (scenario.expect.status && last?.status !== scenario.expect.status)
    problems.push(`order status is ${last?.status ?? "(no order)"}, expected ${scenario.expect.status}`);
  return problems;
}
