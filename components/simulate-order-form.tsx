"use client";

import { FlaskConical } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { simulateOrderAction } from "@/app/admin/orders/simulate-action";

/** Sandbox only: pick a scenario, and a paid order arrives through the real webhook route. */
export function SimulateOrderForm({ scenarios }: { scenarios: Array<{ name: string; summary: string }> }) {
  const router = useRouter();
  const id = useId();
  const [scenario, setScenario] = useState(scenarios[0]?.name ?? "happy");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <form
      className="flex flex-wrap items-center gap-2"
      data-testid="simulate-order-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        startTransition(async () => {
          const result = await simulateOrderAction(scenario);
          if (!result.ok) setError(result.error);
          else router.push(`/admin/orders/${result.orderId}`);
        });
      }}
    >
      <label htmlFor={`${id}-scenario`} className="sr-only">
        Scenario
      </label>
      <select
        id={`${id}-scenario`}
        value={scenario}
        onChange={(e) => setScenario(e.target.value)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        title={scenarios.find((s) => s.name === scenario)?.summary}
      >
        {scenarios.map((s) => (
          <option key={s.name} value={s.name} title={s.summary}>
            {s.name}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 dark:bg-brand-700 dark:hover:bg-brand-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        <FlaskConical className="size-4" aria-hidden />
        {pending ? "Simulating…" : "Simulate an order"}
      </button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
