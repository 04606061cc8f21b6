import { stripeVerifyBaseline } from "@/lib/http/webhooks/stripe-verify-baseline";

export const dynamic = "force-dynamic";

/**
 * The benchmark's baseline (P6). A route only in a bench build (`STORYLINE_BENCH_BUILD=1`
 * makes `.bench.ts` a page extension); the shipped app has no such route.
 */
export const POST = stripeVerifyBaseline;
