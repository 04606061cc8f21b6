/**
 * `npm run db:seed`: seeds the demo shop into the configured database (after db:migrate).
 * Does nothing when the demo store already exists. The app never seeds a server by itself.
 */
import { writerState } from "@/lib/activity/write/writer-state";
import { seedDemoData } from "@/lib/demo/seed/seed-demo-data";
import { runScript } from "./open-configured-database";

await runScript("db:seed", async (database) => {
  const summary = await seedDemoData(database.db);
  if (writerState.stats.spooled) throw new Error(`${writerState.stats.spooled} events could not be written`);
  return summary
    ? `seeded ${summary.stores} stores, ${summary.users} users, ${summary.products} products, ${summary.orders} orders, ${summary.events} events`
    : "the demo store already exists; nothing to do";
});
