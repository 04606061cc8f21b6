import { AlertTriangle, Circle, CircleCheck, XCircle } from "lucide-react";
import type { ActivityLevel } from "@/db/schema";

/** A level is never shown by colour alone: each has its own shape and a label for screen readers. */
export function LevelIcon({ level }: { level: ActivityLevel }) {
  if (level === "error")
    return <XCircle aria-label="Error" className="size-4 shrink-0 text-red-600 dark:text-red-400" />;
  if (level === "warning")
    return (
      <AlertTriangle aria-label="Warning" className="size-4 shrink-0 text-amber-500 dark:text-amber-400" />
    );
  return <Circle aria-label="Info" className="size-2.5 shrink-0 fill-emerald-500 text-emerald-500" />;
}

/** A warning or error someone (or the system) has dealt with: a tick, not the alarm it was. */
export function ResolvedIcon({ level, label }: { level: ActivityLevel; label?: string }) {
  return (
    <CircleCheck
      aria-label={label ?? `Resolved ${level}`}
      className="size-4 shrink-0 text-emerald-600 dark:text-emerald-400"
    />
  );
}
