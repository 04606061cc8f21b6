import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SkipLink } from "@/components/skip-link";
import { parseTheme, THEME_COOKIE } from "@/components/theme-cookie";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Storyline", template: "%s · Storyline" },
  description: "Everything that happens in your print-on-demand shop, in one place.",
};

/** The chosen theme is rendered on the server from its cookie; without one, CSS follows the system. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={theme ?? undefined}>
      <body className="min-h-screen font-sans">
        <SkipLink />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
