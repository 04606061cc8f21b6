"use client";

import { ChevronsUpDown, Store } from "lucide-react";
import { useTransition } from "react";
import { switchStore } from "@/app/admin/switch-store-action";
import type { MembershipSummary } from "@/lib/auth/list-memberships";
import { DropdownMenu, MenuLabel, MenuRadioGroup, MenuRadioItem } from "./ui/dropdown-menu";

/** For people in several stores: a menu of their stores (with their role in each) to work in. */
export function StoreSwitcher({
  current,
  memberships,
}: {
  current: string;
  memberships: MembershipSummary[];
}) {
  const [pending, startTransition] = useTransition();
  if (memberships.length < 2) return null;
  const currentName = memberships.find((m) => m.slug === current)?.name ?? current;
  return (
    <DropdownMenu
      trigger={
        <button
          type="button"
          aria-label={`Switch store (current: ${currentName})`}
          disabled={pending}
          className="mt-2 flex w-full items-center gap-2 rounded-md border border-zinc-300 px-2 py-1 text-left text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          <Store aria-hidden className="size-3.5 shrink-0 text-zinc-500" />
          <span className="min-w-0 flex-1 truncate">{pending ? "Switching…" : "Switch store"}</span>
          <ChevronsUpDown aria-hidden className="size-3.5 shrink-0 text-zinc-500" />
        </button>
      }
    >
      <MenuLabel>Your stores</MenuLabel>
      <MenuRadioGroup
        value={current}
        onValueChange={(slug) => {
          if (slug === current) return;
          const form = new FormData();
          form.set("store", slug);
          startTransition(() => switchStore(form));
        }}
      >
        {memberships.map((m) => (
          <MenuRadioItem key={m.storeId} value={m.slug}>
            <span className="flex-1">{m.name}</span>
            <span className="text-xs text-zinc-500">{m.role}</span>
          </MenuRadioItem>
        ))}
      </MenuRadioGroup>
    </DropdownMenu>
  );
}
