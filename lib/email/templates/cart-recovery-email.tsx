import { ActionButton, EmailLayout, Paragraph } from "./email-layout";

/** The one recovery email for a checkout that expired unpaid. */
export function CartRecoveryEmail(props: {
  storeName: string;
  title: string;
  lines: string[];
  returnUrl?: string | null;
}) {
  return (
    <EmailLayout storeName={props.storeName} title={props.title} preview={props.lines[0]}>
      <Paragraph>Hello,</Paragraph>
      {props.lines.map((line) => (
        <Paragraph key={line}>{line}</Paragraph>
      ))}
      {props.returnUrl ? <ActionButton href={props.returnUrl}>Finish your order</ActionButton> : null}
    </EmailLayout>
  );
}
