"use client";

import { Activity, Mail, Package, Settings, ShoppingBag } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { AttentionBadge } from "./attention-badge";

type Props = { showActivity: boolean; needsAttention: number | null };

export function AdminNav({ showActivity, needsAttention }: Props) {
  const pathname = usePathname();
  const items = [
    { href: "/admin/orders", label: "Orders", icon: ShoppingBag },
    ...(showActivity
      ? [
          { href: "/admin/activity", label: "Activity", icon: Activity },
          { href: "/admin/outbox", label: "Outbox", icon: Mail },
        ]
      : []),
    { href: "/admin/products", label: "Products", icon: Package },
    { href: "/admin/settings", label: "Settings", icon: Settings },
  ];
  return (
    <nav aria-label="Main" className="mt-2 flex flex-col gap-1">
      {items.map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
              active
                ? "bg-brand-50 text-brand-700 dark:bg-zinc-800 dark:text-white"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            <Icon aria-hidden className="size-4" />
            {label}
            {label === "Activity" && needsAttention !== null ? (
              <AttentionBadge initial={needsAttention} />
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
