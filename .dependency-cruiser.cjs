/**
 * The layering of Storyline, checked by `npm run lint` (dependency-cruiser).
 *
 * Top to bottom; each layer imports only what is below it:
 *   app/ · components/ · lib/http/ · lib/runtime/ · lib/<domain>/ · lib/jobs/ · lib/activity/ ·
 *   lib/providers/ · lib/platform/ · db/
 * The demo (lib/demo/: seed, sandbox, scenarios) sits apart: only the composition root, scripts
 * and tests may import it. The rules below apply to the shipped code; tests, scripts and the
 * benchmark may reach into any layer.
 */

/** The domain folders: verbs, handed the database and the job queue. */
const DOMAINS = "(actions|auth|changes|customer|email|orders|products|stores|users|webhooks|api-keys)";
const PRODUCTION = "^(app|components|lib|db|proxy\\.ts|instrumentation\\.ts)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment:
        "No import cycle between lib/ folders: a folder that imports another is never imported back by it.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "no-module-cycles",
      comment: "No import cycle between modules.",
      severity: "error",
      from: { path: PRODUCTION },
      to: { circular: true },
    },
    {
      name: "activity-log-table-only-in-activity",
      comment:
        "activity_log belongs to lib/activity/: other code reads and writes it through the named functions there.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: ["^lib/activity/", "^db/schema/index\\.ts$"] },
      to: { path: "^db/schema/activity-log\\.ts$" },
    },
    {
      name: "no-schema-values-in-components",
      comment: "components/ is React: it may use the schema's types, never its values (tables, enums).",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-database-under-app",
      comment:
        "app/ holds Next files only: no SQL, no query builder, no schema values. Call a verb in lib/ instead.",
      severity: "error",
      from: { path: "^app/" },
      to: {
        path: ["^db/", "^node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/", "^lib/platform/db/"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "no-database-under-components",
      comment: "components/ never touches the database: no query builder, no driver.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: ["^node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/", "^lib/platform/db/"] },
    },
    {
      name: "runtime-only-from-the-edges",
      comment:
        "lib/runtime/ is the composition root: only the edges (app/, lib/http/, instrumentation) reach it; verbs are handed the database and the queue.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: ["^app/", "^lib/http/", "^lib/runtime/", "^instrumentation\\.ts$"] },
      to: { path: "^lib/runtime/" },
    },
    {
      name: "demo-apart",
      comment:
        "Production code never imports the demo (lib/demo/); the composition root wires it in when the sandbox is on.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: ["^lib/demo/", "^lib/runtime/"] },
      to: { path: "^lib/demo/" },
    },
    {
      name: "http-only-from-app",
      comment: "lib/http/ holds the HTTP recipes: only app/ (and the runtime's own edges) use them.",
      severity: "error",
      from: { path: PRODUCTION, pathNot: ["^app/", "^lib/http/", "^proxy\\.ts$"] },
      to: { path: "^lib/http/" },
    },
    {
      name: "components-not-below",
      comment: "React components are used by app/ and by each other, never by lib/.",
      severity: "error",
      from: { path: "^(lib|db)/" },
      to: { path: "^components/" },
    },
    {
      name: "domains-not-below",
      comment: `lib/<domain>/ verbs sit above jobs, activity, providers and platform, which never import them.`,
      severity: "error",
      from: { path: "^lib/(jobs|activity|providers|platform)/" },
      to: { path: `^lib/${DOMAINS}/` },
    },
    {
      name: "jobs-below-domains",
      comment: "lib/jobs/ is the queue: it knows no activity, provider or domain code.",
      severity: "error",
      from: { path: "^lib/jobs/" },
      to: { path: "^lib/(activity|providers)/" },
    },
    {
      name: "activity-below-providers-free",
      comment: "lib/activity/ is the log: it never imports a provider client.",
      severity: "error",
      from: { path: "^lib/activity/" },
      to: { path: "^lib/(providers|jobs)/" },
    },
    {
      name: "providers-above-platform-only",
      comment: "lib/providers/ are API clients: they use the ground floor only.",
      severity: "error",
      from: { path: "^lib/providers/" },
      to: { path: "^lib/(activity|jobs)/" },
    },
    {
      name: "platform-is-the-ground-floor",
      comment: "lib/platform/ imports nothing of lib/ above it (only db/).",
      severity: "error",
      from: { path: "^lib/platform/" },
      to: { path: "^lib/", pathNot: "^lib/platform/" },
    },
    {
      name: "db-imports-nothing-above",
      comment: "db/ (schema and migrations) imports nothing from lib/, components/ or app/.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(lib|components|app)/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that cannot be resolved is a mistake.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^\\.next", "^test-results", "^\\.storyline"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
