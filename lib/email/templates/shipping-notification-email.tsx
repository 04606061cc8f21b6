import { Column, Row, Section } from "@react-email/components";
import { ActionButton, colours, EmailLayout, Paragraph, SafeLink } from "./email-layout";

/** The shipping notification: carrier and tracking number, the tracking link when it is http(s). */
export function ShippingNotificationEmail(props: {
  storeName: string;
  title: string;
  greeting: string;
  intro: string;
  shipment: { carrier: string; trackingNumber: string } | null;
  trackingUrl: string | null;
  statusUrl: string;
}) {
  const label = { padding: "4px 16px 4px 0", color: colours.muted };
  return (
    <EmailLayout storeName={props.storeName} title={props.title} preview={props.intro}>
      <Paragraph>{props.greeting}</Paragraph>
      <Paragraph>{props.intro}</Paragraph>
      {props.shipment ? (
        <Section style={{ margin: "16px 0" }}>
          <Row>
            <Column style={label}>Carrier</Column>
            <Column style={{ padding: "4px 0" }}>{props.shipment.carrier}</Column>
          </Row>
          <Row>
            <Column style={label}>Tracking number</Column>
            <Column style={{ padding: "4px 0" }}>
              {props.trackingUrl ? (
                <SafeLink href={props.trackingUrl}>{props.shipment.trackingNumber}</SafeLink>
              ) : (
                props.shipment.trackingNumber
              )}
            </Column>
          </Row>
        </Section>
      ) : null}
      {props.trackingUrl ? <ActionButton href={props.trackingUrl}>Track your parcel</ActionButton> : null}
      <Paragraph>
        <SafeLink href={props.statusUrl}>Follow your order</SafeLink>
      </Paragraph>
    </EmailLayout>
  );
}
