"use client";

import { Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";

/** Light or dark; remembered in this browser. The root layout applies it before paint. */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  if (dark === null) return null;
  return (
    <button
      type="button"
      aria-pressed={dark}
      onClick={() => {
        const next = !dark;
        document.documentElement.classList.toggle("dark", next);
        try {
          localStorage.setItem("theme", next ? "dark" : "light");
        } catch {
          // private mode: the choice lasts for this page only
        }
        setDark(next);
      }}
      className="flex items-center gap-2 rounded-md px-3 py-2 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {dark ? <Sun aria-hidden className="size-4" /> : <Moon aria-hidden className="size-4" />}
      {dark ? "Light theme" : "Dark theme"}
    </button>
  );
}
