"use client";

import * as MenuPrimitive from "@radix-ui/react-dropdown-menu";
import type { ReactElement, ReactNode } from "react";

/**
 * A menu (Radix): opens from its trigger by click or keyboard, arrow keys move between items,
 * typing a letter jumps to an item, Esc closes and returns focus to the trigger. The menu is
 * named by its trigger (`aria-labelledby`).
 */
export function DropdownMenu({ trigger, children }: { trigger: ReactElement; children: ReactNode }) {
  return (
    <MenuPrimitive.Root>
      <MenuPrimitive.Trigger asChild>{trigger}</MenuPrimitive.Trigger>
      <MenuPrimitive.Portal>
        <MenuPrimitive.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-56 rounded-lg border border-zinc-200 bg-white p-1 text-sm text-zinc-900 shadow-lg dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        >
          {children}
        </MenuPrimitive.Content>
      </MenuPrimitive.Portal>
    </MenuPrimitive.Root>
  );
}

export const MenuLabel = ({ children }: { children: ReactNode }) => (
  <MenuPrimitive.Label className="px-2 py-1 text-xs font-semibold text-zinc-500">
    {children}
  </MenuPrimitive.Label>
);

/** A choice of one among several (the current store). */
export function MenuRadioGroup({
  value,
  onValueChange,
  children,
}: {
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <MenuPrimitive.RadioGroup value={value} onValueChange={onValueChange}>
      {children}
    </MenuPrimitive.RadioGroup>
  );
}

export function MenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <MenuPrimitive.RadioItem
      value={value}
      className="relative flex cursor-default items-center gap-2 rounded-md py-1.5 pr-2 pl-7 outline-none select-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
    >
      <MenuPrimitive.ItemIndicator className="absolute left-2 text-brand-600">●</MenuPrimitive.ItemIndicator>
      {children}
    </MenuPrimitive.RadioItem>
  );
}

export function MenuItem({ onSelect, children }: { onSelect: () => void; children: ReactNode }) {
  return (
    <MenuPrimitive.Item
      onSelect={onSelect}
      className="flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 outline-none select-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
    >
      {children}
    </MenuPrimitive.Item>
  );
}
