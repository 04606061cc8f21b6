import { NotFoundMessage } from "@/components/access-fallbacks";

/** A 404 inside the admin shell: an unknown order or product, or an address under /admin that leads nowhere. */
export default function AdminNotFound() {
  return <NotFoundMessage />;
}
