import type { Role } from "@/db/schema";
import { uuidv7 } from "@/db/schema/ids";
import { FAILED_SIGN_IN_BURST } from "@/lib/activity/catalog/auth-events";
import { diffChanges } from "@/lib/activity/write/diff-changes";
import { actors, type StaffMember } from "./event-plan";
import {
  DAY,
  dayAt,
  HOUR,
  MINUTE,
  type ProductPlan,
  printifyWebhook,
  SECOND,
  type Shop,
  stripeWebhook,
} from "./shop";

const PROVIDER = "Printify";

// ── Product sync ─────────────────────────────────────────────────────────────────────────────

type SyncFailure = { daysAgo: number; reason: string; resolve?: string };

/**
 * The nightly product sync: the first run that brought the catalogue in, then one run every
 * `everyDays` days at about 03:00 UTC, some of which fail.
 */
export function seedSyncHistory(
  shop: Shop,
  options: { initialAt: Date; initialCreated: number; everyDays: number; failures: SyncFailure[] },
) {
  const { plan, rng, storeId } = shop;
  const run = (at: Date, outcome: { created: number; updated: number } | SyncFailure) => {
    const runId = `sync_${at.toISOString().slice(0, 10).replaceAll("-", "")}_${rng.hex(6)}`;
    const activity = actors.worker(storeId, "Product sync worker", runId);
    const entity = { type: "sync", id: runId };
    plan.add(
      activity,
      "sync.started",
      { provider: PROVIDER },
      { entity, occurredAt: at, dedupeKey: `${runId}:started` },
    );
    const durationMs = rng.int(6_000, 45_000);
    const end = new Date(at.getTime() + durationMs);
    if ("reason" in outcome) {
      plan.add(
        activity,
        "sync.failed",
        { provider: PROVIDER, reason: outcome.reason },
        { entity, occurredAt: end, dedupeKey: `${runId}:finished`, resolve: outcome.resolve },
      );
    } else {
      const known = shop.products.filter((p) => (p.row.createdAt as Date).getTime() < at.getTime()).length;
      const unchanged = Math.max(0, known - outcome.updated);
      plan.add(
        activity,
        "sync.completed",
        { provider: PROVIDER, ...outcome, unchanged, durationMs },
        { entity, occurredAt: end, dedupeKey: `${runId}:finished` },
      );
    }
  };

  run(options.initialAt, { created: options.initialCreated, updated: 0 });
  // Whole days between the first run and today (UTC), whatever the time of day now is.
  const firstDay = Math.floor((dayAt(shop, 0, 0).getTime() - options.initialAt.getTime()) / DAY);
  for (let days = firstDay; days >= 1; days -= options.everyDays) {
    const at = dayAt(shop, days, 3 * HOUR + rng.int(0, 9 * 60) * SECOND);
    const failure = options.failures.find((f) => f.daysAgo === days);
    run(at, failure ?? { created: 0, updated: rng.chance(0.6) ? rng.int(1, 4) : 0 });
  }
}

// ── Sign-ins ─────────────────────────────────────────────────────────────────────────────────

function attempt(shop: Shop, email: string, ip: string, outcome: "success" | "failure" | "locked", at: Date) {
  shop.loginAttempts.push({ id: uuidv7(), email, ipAddress: ip, outcome, attemptedAt: at });
}

/** Everyday sign-ins and sign-outs of the shop's staff, from their usual browsers. */
export function seedSignIns(shop: Shop, people: { member: StaffMember; chance: number }[], days: number) {
  const { plan, rng, storeId, now } = shop;
  for (let d = days; d >= 0; d--) {
    for (const { member, chance } of people) {
      // Draw every number first, so the time of day now never shifts the random stream.
      const signsIn = rng.chance(chance);
      const at = dayAt(shop, d, 7 * HOUR + rng.int(0, 150) * MINUTE + rng.int(0, 59) * SECOND);
      const out = new Date(at.getTime() + rng.int(2 * 60, 9 * 60) * MINUTE);
      const signsOut = rng.chance(0.45);
      if (!signsIn || at.getTime() > now.getTime()) continue;
      const activity = actors.staff(storeId, member);
      const entity = { type: "user", id: member.id };
      plan.add(activity, "auth.login_succeeded", { email: member.email }, { entity, occurredAt: at });
      attempt(shop, member.email, member.ip, "success", at);
      if (signsOut && out.getTime() <= now.getTime())
        plan.add(activity, "auth.logout", { email: member.email }, { entity, occurredAt: out });
    }
  }
}

/** A mistyped password followed by a good one: information, nothing to resolve. */
export function seedMistypedPassword(shop: Shop, member: StaffMember, at: Date) {
  const { plan, storeId } = shop;
  const entity = { type: "user", id: member.id };
  plan.add(
    actors.signIn(storeId, member.ip, member.userAgent),
    "auth.login_failed",
    { email: member.email, reason: "wrong password", recentFailures: 1 },
    { entity, occurredAt: at },
  );
  attempt(shop, member.email, member.ip, "failure", at);
  const ok = new Date(at.getTime() + 40 * SECOND);
  plan.add(
    actors.staff(storeId, member),
    "auth.login_succeeded",
    { email: member.email },
    { entity, occurredAt: ok },
  );
  attempt(shop, member.email, member.ip, "success", ok);
}

/**
 * Someone guessing a password: five failures, then the lockout (left open for the owner). The
 * first failures are information; from the burst threshold on they are warnings, resolved.
 */
export function seedPasswordGuessing(
  shop: Shop,
  target: StaffMember,
  at: Date,
  options: { ip: string; userAgent: string; resolveFailures: string },
) {
  const { plan, storeId } = shop;
  const activity = actors.signIn(storeId, options.ip, options.userAgent);
  const entity = { type: "user", id: target.id };
  let t = at.getTime();
  for (let i = 0; i < 5; i++) {
    const recentFailures = i + 1;
    plan.add(
      activity,
      "auth.login_failed",
      { email: target.email, reason: "wrong password", recentFailures },
      {
        entity,
        occurredAt: new Date(t),
        resolve: recentFailures >= FAILED_SIGN_IN_BURST ? options.resolveFailures : undefined,
      },
    );
    attempt(shop, target.email, options.ip, "failure", new Date(t));
    t += shop.rng.int(4, 20) * SECOND;
  }
  plan.add(
    activity,
    "auth.locked_out",
    { email: target.email, failures: 5, lockedUntil: new Date(t + 15 * MINUTE).toISOString() },
    { entity, occurredAt: new Date(t), dedupeKey: `lockout:${target.email}:${options.ip}:${t}` },
  );
  attempt(shop, target.email, options.ip, "locked", new Date(t));
}

/** A sign-in with an email nobody has. */
export function seedUnknownSignIn(shop: Shop, email: string, at: Date, ip: string, userAgent: string) {
  shop.plan.add(
    actors.signIn(shop.storeId, ip, userAgent),
    "auth.login_failed",
    { email, reason: "unknown email", recentFailures: 1 },
    { entity: { type: "user", id: null }, occurredAt: at },
  );
  attempt(shop, email, ip, "failure", at);
}

// ── Webhooks that were rejected or ignored ───────────────────────────────────────────────────

export function seedWebhookNoise(
  shop: Shop,
  options: {
    rejected: {
      provider: "Stripe" | "Printify";
      reason: string;
      status: number;
      at: Date;
      ip: string;
      userAgent: string;
      resolve?: string;
    }[];
    ignored: { provider: "Stripe" | "Printify"; type: string; at: Date }[];
  },
) {
  const { plan, storeId } = shop;
  for (const r of options.rejected) {
    plan.add(
      {
        storeId,
        actor: { type: "integration", label: r.provider },
        source: "webhook",
        ip: r.ip,
        userAgent: r.userAgent,
      },
      "webhook.rejected",
      { provider: r.provider, reason: r.reason, status: r.status },
      { entity: { type: "webhook", id: null }, occurredAt: r.at, resolve: r.resolve },
    );
  }
  for (const i of options.ignored) {
    const hook =
      i.provider === "Stripe"
        ? stripeWebhook(shop, i.type, { id: `cus_test_${shop.rng.alnum(14)}`, object: "customer" }, i.at)
        : printifyWebhook(
            shop,
            i.type,
            { id: shop.products[0]!.row.providerProductId!, type: "product" },
            i.at,
          );
    plan.add(
      hook.ctx,
      "webhook.ignored",
      { provider: i.provider, type: i.type },
      { entity: { type: "webhook", id: hook.eventId }, occurredAt: i.at, dedupeKey: hook.dedupeKey },
    );
  }
}

// ── Staff changes: products, settings, members ───────────────────────────────────────────────

const productEntity = (p: ProductPlan) => ({ type: "product", id: p.row.id });

/** A product staff made in the admin (it was then published to Printify). */
export function seedProductCreated(shop: Shop, member: StaffMember, product: ProductPlan, at: Date) {
  product.row.createdAt = at;
  product.row.updatedAt = at;
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "product.created",
    { title: product.row.title },
    { entity: productEntity(product), occurredAt: at },
  );
}

/** A product edit: `before` holds the old values of the fields that changed; the row keeps the new ones. */
export function seedProductUpdated(
  shop: Shop,
  member: StaffMember,
  product: ProductPlan,
  at: Date,
  before: Record<string, unknown>,
  labels: Record<string, string>,
  after: Record<string, unknown>,
) {
  product.row.updatedAt = at;
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "product.updated",
    { title: product.row.title },
    { entity: productEntity(product), occurredAt: at, changes: diffChanges(before, after, labels) },
  );
}

export function seedProductArchived(shop: Shop, member: StaffMember, product: ProductPlan, at: Date) {
  product.row.status = "archived";
  product.row.updatedAt = at;
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "product.archived",
    { title: product.row.title },
    {
      entity: productEntity(product),
      occurredAt: at,
      changes: diffChanges({ status: "active" }, { status: "archived" }, { status: "Status" }),
    },
  );
}

export function seedSettingsUpdated(
  shop: Shop,
  member: StaffMember,
  at: Date,
  summary: string,
  change: { field: string; label: string; old: unknown; new: unknown },
) {
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "settings.updated",
    { summary },
    {
      entity: { type: "store", id: shop.storeId },
      occurredAt: at,
      changes: diffChanges(
        { [change.field]: change.old },
        { [change.field]: change.new },
        { [change.field]: change.label },
      ),
    },
  );
}

type SeededKey = { id: string; name: string; prefix: string; scopes: string[] };

export function seedApiKeyCreated(shop: Shop, member: StaffMember, key: SeededKey, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "settings.api_key_created",
    { name: key.name, prefix: key.prefix, scopes: key.scopes },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at },
  );
}

export function seedApiKeyRevoked(shop: Shop, member: StaffMember, key: SeededKey, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "settings.api_key_revoked",
    { name: key.name, prefix: key.prefix },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at },
  );
}

type Person = { id: string; email: string };

export function seedMemberAdded(shop: Shop, by: StaffMember, person: Person, role: Role, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, by),
    "member.added",
    { email: person.email, role },
    { entity: { type: "member", id: person.id }, occurredAt: at },
  );
}

export function seedMemberRoleChanged(
  shop: Shop,
  by: StaffMember,
  person: Person,
  from: Role,
  to: Role,
  at: Date,
) {
  shop.plan.add(
    actors.staff(shop.storeId, by),
    "member.role_changed",
    { email: person.email, role: to },
    {
      entity: { type: "member", id: person.id },
      occurredAt: at,
      changes: diffChanges({ role: from }, { role: to }, { role: "Role" }),
    },
  );
}

export function seedMemberRemoved(shop: Shop, by: StaffMember, person: Person, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, by),
    "member.removed",
    { email: person.email },
    { entity: { type: "member", id: person.id }, occurredAt: at },
  );
}

/** Recovery emails for carts that never turned into an order. */
export function seedAbandonedCarts(shop: Shop, count: number, earliest: Date) {
  const { rng, plan, storeId, now } = shop;
  for (let i = 0; i < count; i++) {
    const customer = rng.pick(shop.customers);
    const cartId = `cs_test_${rng.alnum(40)}`;
    const at = new Date(rng.between(earliest.getTime(), now.getTime() - HOUR));
    const product = rng.pick(shop.products.filter((p) => p.row.status === "active"));
    const amount = product.variants[0]!.priceAmount + shop.locale.shipping(1);
    plan.add(
      actors.worker(storeId, "Abandoned cart worker", `cart:${cartId}`),
      "abandoned_cart.email_sent",
      { to: customer.email, amount, currency: shop.locale.currency },
      { entity: { type: "cart", id: cartId }, occurredAt: at, dedupeKey: `cart:${cartId}:email` },
    );
  }
}

/** A background job that failed in a way its handler did not foresee (resolved by the owner). */
export function seedJobFailure(shop: Shop, at: Date, resolve: string) {
  shop.plan.add(
    actors.system(shop.storeId, "Job queue"),
    "job.failed",
    { queue: "follow-up-orders", reason: "Printify timed out after 10 s", attempts: 1 },
    { entity: { type: "job", id: null }, occurredAt: at, resolve },
  );
}

/** Someone downloaded the feed: what they asked for and how many rows they got. */
export function seedActivityExported(
  shop: Shop,
  member: StaffMember,
  at: Date,
  export_: { format: "csv" | "ndjson"; rows: number; expectedRows?: number; filters: Record<string, string> },
) {
  const expectedRows = export_.expectedRows ?? export_.rows;
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "activity.exported",
    { ...export_, expectedRows, complete: export_.rows === expectedRows },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at },
  );
}

/** An hour of an API key's reads, as the app records them when the hour closes. */
export function seedApiKeyReads(
  shop: Shop,
  key: SeededKey,
  hourStart: Date,
  counts: { requests: number; rows: number },
) {
  shop.plan.add(
    { storeId: shop.storeId, actor: { type: "system", label: "API usage" }, source: "system" },
    "activity.api_reads",
    { keyId: key.id, keyName: key.name, hourStart: hourStart.toISOString(), ...counts },
    {
      entity: { type: "store", id: shop.storeId },
      occurredAt: new Date(hourStart.getTime() + 60 * 60 * 1000),
      dedupeKey: `api-reads:${key.id}:${hourStart.toISOString()}`,
    },
  );
}

/** A retention purge, as activity_purge_expired() records it. */
export function seedActivityPurged(shop: Shop, at: Date, deleted: number, retentionDays: number) {
  const before = new Date(at.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  shop.plan.add(
    { storeId: shop.storeId, actor: { type: "system", label: "Retention" }, source: "system" },
    "activity.purged",
    {
      deleted,
      retentionDays,
      before: before.toISOString(),
      oldest: new Date(before.getTime() - 3 * 24 * 60 * 60 * 1000).toISOString(),
      newest: new Date(before.getTime() - 60 * 60 * 1000).toISOString(),
    },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at },
  );
}

/** The daily retention job's run, as applyRetention records it. */
export function seedRetentionApplied(
  shop: Shop,
  at: Date,
  counts: { removed: number; scrubbed: number; retentionDays: number; personalDataDays: number },
) {
  const cutoff = new Date(at.getTime() - counts.retentionDays * 24 * 60 * 60 * 1000);
  shop.plan.add(
    { storeId: shop.storeId, actor: { type: "system", label: "Retention" }, source: "system" },
    "activity.retention_applied",
    {
      ...counts,
      cutoff: cutoff.toISOString(),
      oldest: new Date(cutoff.getTime() - 3 * 24 * 60 * 60 * 1000).toISOString(),
      newest: new Date(cutoff.getTime() - 60 * 60 * 1000).toISOString(),
    },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at },
  );
}

/** An owner erased a customer on request (the record holds counts, never the email). */
export function seedCustomerErased(
  shop: Shop,
  owner: StaffMember,
  at: Date,
  counts: { orders: number; carts: number; emails: number; webhookDeliveries: number; events: number },
) {
  shop.plan.add(actors.staff(shop.storeId, owner), "customer.erased", counts, {
    entity: { type: "store", id: shop.storeId },
    occurredAt: at,
  });
}

/** Events dated in a month that had no partition yet, moved out of DEFAULT by the maintenance job. */
export function seedPartitionDefaultUsed(
  shop: Shop,
  at: Date,
  moved: { rows: number; partitions: string[]; resolve: string },
) {
  shop.plan.add(
    { storeId: shop.storeId, actor: { type: "system", label: "Partition maintenance" }, source: "system" },
    "activity.partition_default_used",
    { rows: moved.rows, partitions: moved.partitions },
    { entity: { type: "store", id: shop.storeId }, occurredAt: at, resolve: moved.resolve },
  );
}

// ── Morning emails and going live ────────────────────────────────────────────────────────────

/** A person turned their morning email on. */
export function seedMorningEmailTurnedOn(shop: Shop, member: StaffMember, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "member.morning_email_changed",
    { email: member.email, enabled: true },
    {
      entity: { type: "member", id: member.id },
      occurredAt: at,
      changes: diffChanges(
        { morningEmail: false },
        { morningEmail: true },
        { morningEmail: "Morning email" },
      ),
    },
  );
}

/** The morning emails a person received, one per day at 08:00 (the shop's zone is UTC-aligned in winter). */
export function seedMorningEmailsSent(
  shop: Shop,
  member: StaffMember,
  days: Array<{ daysAgo: number; open: number; resolvedOvernight: number }>,
) {
  for (const day of days) {
    const at = dayAt(shop, day.daysAgo, 8 * HOUR + shop.rng.int(1, 40) * SECOND);
    const date = at.toISOString().slice(0, 10);
    shop.plan.add(
      actors.worker(shop.storeId, "Morning email worker"),
      "email.digest_sent",
      { to: member.email, date, open: day.open, resolvedOvernight: day.resolvedOvernight },
      {
        entity: { type: "user", id: member.id },
        occurredAt: at,
        dedupeKey: `morning-email:${member.id}:${date}`,
      },
    );
  }
}

/** An owner set the store's Stripe signing secret in Settings → Integrations, then sent a test delivery. */
export function seedStripeSecretSetAndTested(shop: Shop, member: StaffMember, secret: string, at: Date) {
  shop.plan.add(
    actors.staff(shop.storeId, member),
    "settings.webhook_secret_rotated",
    { provider: "Stripe", secret, previous: null, previousValidUntil: null },
    {
      entity: { type: "store", id: shop.storeId },
      occurredAt: at,
      changes: { stripeWebhookSecret: { old: null, new: secret, label: "Stripe signing secret" } },
    },
  );
  const eventId = `evt_test_${shop.rng.hex(12)}`;
  shop.plan.add(
    actors.stripe(shop.storeId, eventId),
    "webhook.test_received",
    { provider: "Stripe", secret },
    { entity: { type: "webhook", id: eventId }, occurredAt: new Date(at.getTime() + 40 * SECOND) },
  );
}

/**
 * The sealed history's check: a clean day, and one night the check caught a restore from an
 * older backup (resolved by the owner once the history was restored whole).
 */
export function seedIntegrityChecks(shop: Shop, clean: Date, caught: Date, resolve: string) {
  const check = actors.system(shop.storeId, "History check");
  const store = { type: "store", id: shop.storeId };
  shop.plan.add(
    check,
    "activity.integrity_failed",
    {
      problem:
        "checkpoint mismatch: the checkpoint covers entry 412, but the chain ends at 398: its tail was cut off",
      activityId: null,
      eventType: null,
      occurredAt: null,
      verifiedRows: 398,
    },
    { entity: store, occurredAt: caught, resolve },
  );
  shop.plan.add(
    check,
    "activity.integrity_verified",
    { verifiedRows: 412, through: clean.toISOString() },
    { entity: store, occurredAt: clean },
  );
}
