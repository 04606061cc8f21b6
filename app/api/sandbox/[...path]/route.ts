import { handleSandboxRequest } from "@/lib/http/sandbox-routes";

export const dynamic = "force-dynamic";

/** The local Stripe/Printify sandbox; 404 unless it is on. */
export { handleSandboxRequest as GET, handleSandboxRequest as POST };
