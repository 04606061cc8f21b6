import { Column, Hr, Row, Section, Text } from "@react-email/components";
import { ActionButton, colours, EmailLayout, Paragraph, SafeLink } from "./email-layout";

export type MorningEmailLine = { key: string; text: string; detail?: string; href?: string };

const sectionTitle = { fontSize: 13, fontWeight: 600, margin: "20px 0 8px", color: colours.muted };

function Lines({ lines }: { lines: MorningEmailLine[] }) {
  return (
    <Section>
      {lines.map((line) => (
        <Row key={line.key}>
          <Column style={{ padding: "6px 0", borderBottom: `1px solid ${colours.rule}` }}>
            {line.href ? <SafeLink href={line.href}>{line.text}</SafeLink> : line.text}
            {line.detail ? (
              <Text style={{ margin: "2px 0 0", fontSize: 13, color: colours.muted }}>{line.detail}</Text>
            ) : null}
          </Column>
        </Row>
      ))}
    </Section>
  );
}

/** The morning email: what needs attention by kind, the oldest problems, what resolved itself. */
export function MorningEmail(props: {
  storeName: string;
  title: string;
  greeting: string;
  headline: string;
  kinds: MorningEmailLine[];
  oldest: MorningEmailLine[];
  resolved: MorningEmailLine[];
  resolvedHeading: string;
  feedUrl: string;
  settingsUrl: string;
}) {
  return (
    <EmailLayout storeName={props.storeName} title={props.title} preview={props.headline}>
      <Paragraph>{props.greeting}</Paragraph>
      <Paragraph>{props.headline}</Paragraph>
      {props.kinds.length ? (
        <>
          <Text style={sectionTitle}>Needs attention, by kind</Text>
          <Lines lines={props.kinds} />
        </>
      ) : null}
      {props.oldest.length ? (
        <>
          <Text style={sectionTitle}>Open the longest</Text>
          <Lines lines={props.oldest} />
        </>
      ) : null}
      {props.resolved.length ? (
        <>
          <Text style={sectionTitle}>{props.resolvedHeading}</Text>
          <Lines lines={props.resolved} />
        </>
      ) : null}
      <ActionButton href={props.feedUrl}>Open “Needs attention”</ActionButton>
      <Hr style={{ borderColor: colours.rule }} />
      <Text style={{ fontSize: 12, color: colours.muted }}>
        You get this email because you turned on the morning email for {props.storeName}.{" "}
        <SafeLink href={props.settingsUrl}>Turn it off in Settings</SafeLink>.
      </Text>
    </EmailLayout>
  );
}
