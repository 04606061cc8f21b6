import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin-nav";
import { SignOutButton } from "@/components/sign-out-button";
import { StoreSwitcher } from "@/components/store-switcher";
import { ThemeToggle } from "@/components/theme-toggle";
import { countNeedsAttention } from "@/lib/activity/read/count-needs-attention";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";

/** The admin shell: store, person and navigation. Each page still checks its own access. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const access = await requirePageAccess(null);
  const canReadActivity = can(access.role, "activity:read");
  const needsAttention = canReadActivity ? await countNeedsAttention(access.db, access.store.storeId) : null;
  return (
    <div className="mx-auto flex min-h-screen max-w-7xl flex-col md:flex-row">
      <aside className="border-b border-zinc-200 p-4 md:w-60 md:border-r md:border-b-0 dark:border-zinc-800">
        <div className="mb-4">
          <p className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Storyline</p>
          <p className="text-sm font-semibold" data-testid="store-name">
            {access.store.name}
          </p>
          <p className="text-xs text-zinc-500">
            {access.user.name} · {access.role}
          </p>
          <StoreSwitcher current={access.store.slug} memberships={access.memberships} />
        </div>
        <AdminNav showActivity={canReadActivity} needsAttention={needsAttention} />
        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <ThemeToggle />
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
    </div>
  );
}
