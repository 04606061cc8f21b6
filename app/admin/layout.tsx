import type { ReactNode } from "react";
import { AdminMenu } from "@/components/admin-menu";
import { AdminNav } from "@/components/admin-nav";
import { SignOutButton } from "@/components/sign-out-button";
import { StoreSwitcher } from "@/components/store-switcher";
import { ThemeToggle } from "@/components/theme-toggle";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/http/access";
import { needsAttentionOnce } from "@/lib/http/needs-attention-once";

/**
 * The admin shell: store, person and navigation (a sidebar on a desk, a menu on a phone). Each
 * page still checks its own access; its 403 and 404 render inside this shell.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const access = await requirePageAccess(null);
  const canReadActivity = can(access.role, "activity:read");
  const needsAttention = canReadActivity ? await needsAttentionOnce(access.db, access.store.storeId) : null;
  return (
    <div className="mx-auto flex min-h-screen max-w-7xl flex-col md:flex-row">
      <aside className="border-b border-zinc-200 p-4 md:w-60 md:shrink-0 md:border-r md:border-b-0 dark:border-zinc-800">
        <AdminMenu
          header={
            <>
              <p className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                Storyline
              </p>
              <p className="truncate text-sm font-semibold" data-testid="store-name">
                {access.store.name}
              </p>
              <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                {access.user.name} · {access.role}
              </p>
            </>
          }
        >
          <StoreSwitcher current={access.store.slug} memberships={access.memberships} />
          <AdminNav showActivity={canReadActivity} needsAttention={needsAttention} />
          <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <ThemeToggle />
            <SignOutButton />
          </div>
        </AdminMenu>
      </aside>
      <main id="content" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none md:p-8">
        {children}
      </main>
    </div>
  );
}
