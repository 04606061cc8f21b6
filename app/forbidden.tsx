import { ForbiddenMessage } from "@/components/access-fallbacks";

/** Rendered with HTTP 403 when `forbidden()` is called outside the admin shell. */
export default function Forbidden() {
  return (
    <main id="content">
      <ForbiddenMessage />
    </main>
  );
}
