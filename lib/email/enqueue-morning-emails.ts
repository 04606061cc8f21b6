import type { JobData } from "@/lib/jobs/definitions";
import type { JobContext } from "@/lib/jobs/queue";
import { findDueMorningEmails } from "./find-due-morning-emails";

/**
 * Job `morning-emails`, every 15 minutes: one `send-morning-email` job per person, store and
 * local day that is due. The job's singleton key keeps a second scheduler run (another
 * process) from queueing it twice; the delivery row keeps it from going out twice regardless.
 */
export async function enqueueMorningEmails(
  _data: JobData<"morning-emails">,
  job: Pick<JobContext, "db" | "queue">,
  now = new Date(),
) {
  const due = await findDueMorningEmails(job.db, now);
  for (const email of due)
    await job.queue.send(job.db, "send-morning-email", email, { singletonSeconds: 12 * 60 * 60 });
  if (due.length) job.queue.wake("send-morning-email");
  return { queued: due.length };
}
