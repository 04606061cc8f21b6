import { notFound } from "next/navigation";

/** Any other address under /admin: a 404 rendered in the admin shell (app/admin/not-found.tsx). */
export default function MissingAdminPage() {
  notFound();
}
