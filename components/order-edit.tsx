"use client";

import { markOrderDeliveredAction, updateShippingAddressAction } from "@/app/admin/orders/[id]/order-actions";
import type { ShippingAddress } from "@/db/schema";
import { EditDialog } from "./edit-dialog";

/** Staff corrections to an order: its shipping address (before it ships). */
export function OrderAddressEdit({ orderId, address }: { orderId: string; address: ShippingAddress | null }) {
  const a = address ?? { name: "", line1: "", line2: "", city: "", postalCode: "", region: "", country: "" };
  return (
    <EditDialog
      label="Edit address"
      title="Shipping address"
      description="Where Printify sends this order. The change is logged on the timeline."
      fieldPrefix="address."
      fields={[
        { name: "name", label: "Recipient", value: a.name },
        { name: "line1", label: "Address line 1", value: a.line1 },
        { name: "line2", label: "Address line 2 (optional)", value: a.line2 ?? "" },
        { name: "city", label: "City", value: a.city },
        { name: "postalCode", label: "Postal code", value: a.postalCode },
        { name: "region", label: "Region (optional)", value: a.region ?? "" },
        { name: "country", label: "Country", value: a.country, hint: "Two letters, such as GB or IE." },
      ]}
      save={(values) => updateShippingAddressAction({ orderId, address: values })}
    />
  );
}
