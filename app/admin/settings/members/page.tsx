import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/page-header";
import { AddMember, MemberEdit, MemberRemove } from "@/components/settings-edits";
import { requirePageAccess } from "@/lib/http/access";
import { listMembers } from "@/lib/users/list-members";

export const metadata: Metadata = { title: "Members" };

/** Owners manage who works in the store and in which role. */
export default async function MembersPage() {
  const { db, store, user } = await requirePageAccess("members:write", "/admin/settings/members");
  const members = await listMembers(db, store.storeId);
  return (
    <>
      <PageHeader title="Members" description={`Who works in ${store.name}, and what they may do.`}>
        <Link
          href="/admin/settings"
          className="text-sm font-medium text-brand-600 underline underline-offset-2"
        >
          ← Settings
        </Link>
        <AddMember />
      </PageHeader>
      <Card>
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="members">
          {members.map((m) => (
            <li
              key={m.userId}
              className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3"
              data-member-email={m.email}
            >
              <span className="min-w-0 basis-full sm:basis-auto sm:flex-1">
                <span className="font-medium">{m.name}</span>
                {m.userId === user.id ? <span className="text-zinc-500"> (you)</span> : null}
                <span className="block text-xs break-all text-zinc-500">{m.email}</span>
              </span>
              <span className="text-xs font-medium capitalize" data-testid="member-role">
                {m.role}
              </span>
              <MemberEdit userId={m.userId} name={m.name} role={m.role} />
              <MemberRemove userId={m.userId} name={m.name} />
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
