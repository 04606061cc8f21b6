"use client";

import * as TabsPrimitive from "@radix-ui/react-tabs";
import type { ReactNode } from "react";
import { ActivityFilterLink } from "./activity-filter-navigation";

export type ActivityTab = { value: string; href: string; label: ReactNode };

const tabClass =
  "rounded-md px-3 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 data-[state=active]:bg-zinc-900 data-[state=active]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:data-[state=active]:bg-white dark:data-[state=active]:text-zinc-900";

/**
 * The feed's tabs (Radix): a real tablist for assistive technology and arrow keys, whose tabs
 * are links, so the tab lives in the URL (shareable, reloadable, works without JavaScript).
 * Activation is manual: arrows move focus, Enter follows the link.
 */
export function ActivityTabs({
  value,
  tabs,
  children,
}: {
  value: string;
  tabs: ActivityTab[];
  children: ReactNode;
}) {
  return (
    <TabsPrimitive.Root value={value} activationMode="manual">
      <TabsPrimitive.List aria-label="Activity tabs" className="mb-4 flex flex-wrap gap-2">
        {tabs.map((tab) => (
          <TabsPrimitive.Trigger key={tab.value} value={tab.value} asChild>
            <ActivityFilterLink href={tab.href} className={tabClass}>
              {tab.label}
            </ActivityFilterLink>
          </TabsPrimitive.Trigger>
        ))}
      </TabsPrimitive.List>
      <TabsPrimitive.Content value={value} tabIndex={-1} className="focus:outline-none">
        {children}
      </TabsPrimitive.Content>
    </TabsPrimitive.Root>
  );
}
