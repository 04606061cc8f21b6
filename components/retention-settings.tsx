"use client";

import { eraseCustomerAction, updateRetentionSettingsAction } from "@/app/admin/settings/settings-actions";
import { EditDialog } from "./edit-dialog";

/** The retention card's two settings, in one dialog (owners). */
export function RetentionSettingsEdit({
  activityRetentionDays,
  personalDataDays,
}: {
  activityRetentionDays: number | null;
  personalDataDays: number;
}) {
  return (
    <EditDialog
      label="Edit retention"
      title="Retention and personal data"
      description="The daily retention job applies these. Every change is logged."
      fields={[
        {
          name: "activityRetentionDays",
          label: "Keep events for (days)",
          value: activityRetentionDays === null ? "" : String(activityRetentionDays),
          hint: "30 to 3,650 days. Older events are removed.",
        },
        {
          name: "personalDataDays",
          label: "Keep personal data for (days after an order is finished)",
          value: String(personalDataDays),
          hint: "7 to 3,650 days. Then emails, names, addresses, IPs and browsers leave the events; the story stays.",
        },
      ]}
      save={(values) => updateRetentionSettingsAction(values)}
    />
  );
}

/** Forget a customer: the email twice, then the erasure (owners). */
export function EraseCustomer() {
  return (
    <EditDialog
      label="Erase a customer"
      title="Erase a customer's personal data?"
      description="Their email, name and address leave their orders, carts, emails and every event of this store. Amounts and events stay. This cannot be undone."
      fields={[
        { name: "email", label: "Customer's email", value: "" },
        { name: "confirmEmail", label: "Type the email again to confirm", value: "" },
      ]}
      submitLabel="Erase"
      pendingLabel="Erasing…"
      danger
      save={(values) => eraseCustomerAction(values)}
    />
  );
}
