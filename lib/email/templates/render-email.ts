import { render } from "@react-email/render";
import type { ReactElement } from "react";

/** What every template returns: a subject, and the same content as plain text and HTML. */
export type RenderedEmail = { subject: string; text: string; html: string };

/** Renders a React Email template to the HTML part; the plain-text part is written by each template. */
export async function renderEmail(
  subject: string,
  text: string,
  template: ReactElement,
): Promise<RenderedEmail> {
  return { subject, text, html: await render(template) };
}
