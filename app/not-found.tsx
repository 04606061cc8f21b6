import { NotFoundMessage } from "@/components/access-fallbacks";

/** Rendered with HTTP 404 for an address outside the admin shell (under /admin see app/admin/not-found.tsx). */
export default function NotFound() {
  return (
    <main id="content">
      <NotFoundMessage />
    </main>
  );
}
