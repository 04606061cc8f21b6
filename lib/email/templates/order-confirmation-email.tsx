import { Column, Row, Section } from "@react-email/components";
import { ActionButton, colours, EmailLayout, Paragraph } from "./email-layout";

export type ConfirmationLine = { key: string; label: string; amount: string };

const cell = { padding: "6px 0", borderBottom: `1px solid ${colours.rule}` };

/** The order confirmation: one row per line item, the totals, the link to the order-status page. */
export function OrderConfirmationEmail(props: {
  storeName: string;
  title: string;
  greeting: string;
  intro: string;
  items: ConfirmationLine[];
  totals: ConfirmationLine[];
  total: string;
  statusUrl: string;
}) {
  return (
    <EmailLayout storeName={props.storeName} title={props.title} preview={props.intro}>
      <Paragraph>{props.greeting}</Paragraph>
      <Paragraph>{props.intro}</Paragraph>
      <Section style={{ margin: "16px 0" }}>
        {props.items.map((item) => (
          <Row key={item.key}>
            <Column style={cell}>{item.label}</Column>
            <Column style={{ ...cell, textAlign: "right", whiteSpace: "nowrap" }}>{item.amount}</Column>
          </Row>
        ))}
        {props.totals.map((line) => (
          <Row key={line.key}>
            <Column style={{ padding: "4px 0", color: colours.muted }}>{line.label}</Column>
            <Column style={{ padding: "4px 0", textAlign: "right" }}>{line.amount}</Column>
          </Row>
        ))}
        <Row>
          <Column style={{ padding: "6px 0", fontWeight: 600 }}>Total</Column>
          <Column style={{ padding: "6px 0", textAlign: "right", fontWeight: 600 }}>{props.total}</Column>
        </Row>
      </Section>
      <ActionButton href={props.statusUrl}>Follow your order</ActionButton>
    </EmailLayout>
  );
}
