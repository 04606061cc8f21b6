import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets two production builds (say, two e2e runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `route.bench.ts` files (the benchmark's baselines) are routes only in a bench build.
  pageExtensions: process.env.STORYLINE_BENCH_BUILD === "1" ? ["bench.ts", "tsx", "ts"] : ["tsx", "ts"],
  // Native and WASM packages stay outside the server bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "proper-lockfile", "pg-boss"],
  experimental: {
    // `forbidden()` renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  typedRoutes: false,
  poweredByHeader: false,
  // On every response, pages and API alike; the CSP and HSTS come from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
