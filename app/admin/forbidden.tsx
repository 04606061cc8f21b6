import { ForbiddenMessage } from "@/components/access-fallbacks";

/** A 403 inside the admin shell: the navigation stays, so the person can go where they may. */
export default function AdminForbidden() {
  return <ForbiddenMessage />;
}
