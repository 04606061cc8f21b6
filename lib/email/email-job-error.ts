import type { ActivityContext } from "@/lib/activity";
import { workerContext } from "@/lib/activity/write/activity-context";
import { type JobContext, PermanentJobError, ReportedJobError } from "@/lib/jobs/queue";
import type { MailError } from "./mail-error";

/** Who writes the email events: the email worker, in the job's store and correlation. */
export function emailWorkerContext(storeId: string, correlationId?: string | null): ActivityContext {
  return workerContext(storeId, "Email worker", correlationId);
}

/**
 * What an email job throws after it has logged a failed send: `ReportedJobError` (the queue
 * retries, adding no event of its own) when a retry can help and attempts remain, otherwise
 * `PermanentJobError` (the job ends, its failure event stays open in "needs attention").
 */
export function emailJobError(error: MailError, job: Pick<JobContext, "isLastAttempt">): Error {
  return error.retryable && !job.isLastAttempt
    ? new ReportedJobError(error.reason)
    : new PermanentJobError(error.reason);
}
