"use client";

import {
  addMemberAction,
  changeMemberRoleAction,
  removeMemberAction,
  updateStoreSettingsAction,
} from "@/app/admin/settings/settings-actions";
import { EditDialog } from "./edit-dialog";

const roleOptions = [
  { value: "owner", label: "Owner — everything, including settings and members" },
  { value: "manager", label: "Manager — orders, products and the activity log" },
  { value: "staff", label: "Staff — orders only" },
];

export function StoreSettingsEdit({
  name,
  currency,
  timeZone,
}: {
  name: string;
  currency: string;
  timeZone: string;
}) {
  return (
    <EditDialog
      label="Edit settings"
      title="Store settings"
      fields={[
        { name: "name", label: "Store name", value: name },
        {
          name: "currency",
          label: "Currency",
          value: currency,
          hint: "An ISO 4217 code such as GBP, EUR or USD.",
        },
        {
          name: "timeZone",
          label: "Time zone",
          value: timeZone,
          hint: "An IANA zone such as Europe/London.",
        },
      ]}
      save={(values) => updateStoreSettingsAction(values)}
    />
  );
}

export function AddMember() {
  return (
    <EditDialog
      label="Add member"
      title="Add a member"
      description="Give someone with a Storyline account a role in this store."
      fields={[
        { name: "email", label: "Email", value: "" },
        { name: "role", label: "Role", value: "staff", kind: "select", options: roleOptions },
      ]}
      save={(values) => addMemberAction(values)}
    />
  );
}

export function MemberEdit({ userId, name, role }: { userId: string; name: string; role: string }) {
  return (
    <EditDialog
      label="Change role"
      about={name}
      title={`${name}'s role`}
      fields={[{ name: "role", label: "Role", value: role, kind: "select", options: roleOptions }]}
      save={(values) => changeMemberRoleAction({ userId, role: values.role })}
    />
  );
}

export function MemberRemove({ userId, name }: { userId: string; name: string }) {
  return (
    <EditDialog
      label="Remove"
      about={name}
      title={`Remove ${name} from this store?`}
      description="They keep their account but lose access to this store. The change is logged."
      fields={[]}
      submitLabel="Remove"
      save={() => removeMemberAction({ userId })}
    />
  );
}
