/** What every template returns: a subject, and the same content as plain text and simple HTML. */
export type RenderedEmail = { subject: string; text: string; html: string };

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attribute values. Every value a template interpolates goes through it. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A link that only ever points at http(s) (a stored tracking URL could say anything). */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export function htmlLink(url: string, label: string): string {
  const href = safeHref(url);
  return href
    ? `<a href="${escapeHtml(href)}" style="color:#4f46e5">${escapeHtml(label)}</a>`
    : escapeHtml(label);
}

export function htmlButton(url: string, label: string): string {
  const href = safeHref(url);
  if (!href) return "";
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(label)}</a></p>`;
}

/**
 * The shared HTML frame: the store's name on top, the body (already escaped HTML) below, inline
 * styles only (mail clients drop style sheets). The plain-text version is written by each template.
 */
export function renderEmailLayout(input: { storeName: string; title: string; bodyHtml: string }): string {
  const store = escapeHtml(input.storeName);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:560px;margin:0 auto;padding:24px">
<p style="margin:0 0 16px;font-size:13px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#71717a">${store}</p>
<div style="background:#ffffff;border:1px solid #e4e4e7;border-radius:12px;padding:24px;font-size:15px;line-height:1.5">
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(input.title)}</h1>
${input.bodyHtml}
</div>
<p style="margin:16px 0 0;font-size:12px;color:#71717a">${store}</p>
</div>
</body>
</html>`;
}

/** "Hi Ana," or "Hello," when the name is unknown. */
export function greeting(name: string | null | undefined): string {
  const first = name?.trim().split(/\s+/)[0];
  return first ? `Hi ${first},` : "Hello,";
}
