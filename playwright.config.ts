import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? ".storyline-e2e";

/**
 * End-to-end tests drive the production build in embedded mode (a fresh PGlite folder per run)
 * with the system's Chromium. `E2E_SKIP_BUILD=1` reuses an existing `next build`.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [["list"]]
    : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `rm -rf ${dataDir} && ${process.env.E2E_SKIP_BUILD ? "" : "npm run build && "}npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      STORYLINE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      NEXTAUTH_URL: baseURL,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789",
      APP_URL: baseURL,
      // The sandbox plays Printify's lifecycle fast, and retries come quickly.
      SANDBOX_STEP_MS: "300",
      SUBMISSION_RETRY_DELAY_SECONDS: "1",
      EMAIL_RETRY_DELAY_SECONDS: "1",
    },
  },
});
