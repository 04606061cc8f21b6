import { healthResponse } from "@/lib/http/health";

export const dynamic = "force-dynamic";

/** Liveness, the database and the activity writer's backlog (200 healthy, 503 degraded). */
export const GET = healthResponse;
