"use client";

import { updateProductAction } from "@/app/admin/products/product-actions";
import { EditDialog } from "./edit-dialog";

/** Edit one product; archiving hides it from the shop (and is logged as such). */
export function ProductEdit({
  product,
}: {
  product: { id: string; title: string; description: string; status: string };
}) {
  return (
    <EditDialog
      label="Edit"
      about={product.title}
      title={`Edit “${product.title}”`}
      fields={[
        { name: "title", label: "Title", value: product.title },
        { name: "description", label: "Description", value: product.description, kind: "textarea" },
        {
          name: "status",
          label: "Status",
          value: product.status,
          kind: "select",
          options: [
            { value: "active", label: "Active" },
            { value: "draft", label: "Draft" },
            { value: "archived", label: "Archived" },
          ],
        },
      ]}
      save={(values) => updateProductAction({ productId: product.id, ...values })}
    />
  );
}
