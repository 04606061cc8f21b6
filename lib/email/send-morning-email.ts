import { and, eq, inArray } from "drizzle-orm";
import { memberships, morningEmailDeliveries, stores, users } from "@/db/schema";
import { logEventStrict } from "@/lib/activity";
import { summarizeAttention } from "@/lib/activity/read/summarize-attention";
import { workerContext } from "@/lib/activity/write/activity-context";
import type { JobData } from "@/lib/jobs/definitions";
import type { JobContext } from "@/lib/jobs/queue";
import { appUrl } from "@/lib/platform/config";
import { MORNING_EMAIL_ROLES } from "./find-due-morning-emails";
import { morningEmailWindow } from "./morning-email-schedule";
import { renderMorningEmail } from "./render-morning-email";
import { type SendMailOptions, sendMail } from "./send-mail";

/**
 * Job `send-morning-email`: one person's morning email for one store and local day.
 *
 * Once a day per person and store, however many workers run it: the delivery row
 * (`morning_email_deliveries`, keyed by store, person and day) is inserted in the same
 * transaction as the outbox row and `email.digest_sent`. A second run blocks on that key
 * until the first commits, then finds it taken and sends nothing; a failed send rolls the
 * claim back, so a retry can still send. With SMTP the transaction stays open for the send.
 *
 * `mail` is for tests; `now` is the end of the "resolved overnight" window.
 */
export async function sendMorningEmail(
  data: JobData<"send-morning-email">,
  job: Pick<JobContext, "db" | "config">,
  mail: SendMailOptions = {},
  now = new Date(),
) {
  const [person] = await job.db
    .select({ email: users.email, name: users.name, storeName: stores.name, timeZone: stores.timeZone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(stores, eq(stores.id, memberships.storeId))
    .where(
      and(
        eq(memberships.storeId, data.storeId),
        eq(memberships.userId, data.userId),
        eq(memberships.morningEmail, true),
        inArray(memberships.role, [...MORNING_EMAIL_ROLES]),
      ),
    )
    .limit(1);
  if (!person) return { skipped: "no longer a subscriber" };

  const { since } = morningEmailWindow(person.timeZone, data.localDate);
  const summary = await summarizeAttention(job.db, data.storeId, { since, until: now });
  const rendered = await renderMorningEmail({
    storeName: person.storeName,
    recipientName: person.name,
    localDate: data.localDate,
    summary,
    appUrl: appUrl(job.config),
    now,
  });

  const activity = workerContext(data.storeId, "Morning email worker", data.correlationId);
  return job.db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(morningEmailDeliveries)
      .values({ storeId: data.storeId, userId: data.userId, localDate: data.localDate })
      .onConflictDoNothing()
      .returning({ sentAt: morningEmailDeliveries.sentAt });
    if (!claimed) return { skipped: "already sent today" };
    const sent = await sendMail(
      tx,
      { storeId: data.storeId, kind: "morning_email", to: person.email, fromName: "Storyline", ...rendered },
      { config: job.config, ...mail },
    );
    await logEventStrict(
      tx,
      activity,
      "email.digest_sent",
      {
        to: person.email,
        date: data.localDate,
        open: summary.open,
        resolvedOvernight: summary.resolvedBySystemCount,
      },
      {
        entity: { type: "user", id: data.userId },
        dedupeKey: `morning-email:${data.userId}:${data.localDate}`,
      },
    );
    return { messageId: sent.messageId, transport: sent.transport };
  });
}
