import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";

/** The brand colours of every email: inline styles only (mail clients drop style sheets). */
export const colours = { brand: "#4f46e5", muted: "#71717a", rule: "#f4f4f5", text: "#18181b" } as const;

/** A link that only ever points at http(s) (a stored tracking URL could say anything). */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** "Hi Ana," or "Hello," when the name is unknown. */
export function greeting(name: string | null | undefined): string {
  const first = name?.trim().split(/\s+/)[0];
  return first ? `Hi ${first},` : "Hello,";
}

/**
 * The shared frame: the store's name on top, a white card with the title and the body, the
 * store's name again below. React escapes every value it renders.
 */
export function EmailLayout({
  storeName,
  title,
  preview,
  children,
}: {
  storeName: string;
  title: string;
  /** The line an inbox shows after the subject. */
  preview?: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        <title>{title}</title>
      </Head>
      {preview ? <Preview>{preview}</Preview> : null}
      <Body
        style={{
          margin: 0,
          padding: 0,
          background: colours.rule,
          fontFamily: "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif",
          color: colours.text,
        }}
      >
        <Container style={{ maxWidth: 560, margin: "0 auto", padding: 24 }}>
          <Text
            style={{
              margin: "0 0 16px",
              fontSize: 13,
              fontWeight: 600,
              letterSpacing: ".04em",
              textTransform: "uppercase",
              color: colours.muted,
            }}
          >
            {storeName}
          </Text>
          <Section
            style={{
              background: "#ffffff",
              border: "1px solid #e4e4e7",
              borderRadius: 12,
              padding: 24,
              fontSize: 15,
              lineHeight: 1.5,
            }}
          >
            <Heading as="h1" style={{ margin: "0 0 16px", fontSize: 20 }}>
              {title}
            </Heading>
            {children}
          </Section>
          <Text style={{ margin: "16px 0 0", fontSize: 12, color: colours.muted }}>{storeName}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** A paragraph of the card. */
export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: 15, lineHeight: 1.5, margin: "0 0 12px" }}>{children}</Text>;
}

/** A call to action; nothing at all when the URL is not http(s). */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  const safe = safeHref(href);
  if (!safe) return null;
  return (
    <Section style={{ margin: "24px 0" }}>
      <Button
        href={safe}
        style={{
          background: colours.brand,
          color: "#ffffff",
          padding: "10px 16px",
          borderRadius: 6,
          textDecoration: "none",
          display: "inline-block",
        }}
      >
        {children}
      </Button>
    </Section>
  );
}

/** An inline link; plain text when the URL is not http(s). */
export function SafeLink({ href, children }: { href: string; children: ReactNode }) {
  const safe = safeHref(href);
  return safe ? (
    <Link href={safe} style={{ color: colours.brand }}>
      {children}
    </Link>
  ) : (
    <>{children}</>
  );
}
