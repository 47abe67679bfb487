/**
 * Text from events (customer names, descriptions) is data, never markup.
 *
 * Slack: "&, <, and > ... must be converted to HTML entities if they're not going to be used for
 * their parsing purpose" (https://api.slack.com/reference/surfaces/formatting#escaping); `<!channel>`
 * in a customer's name would otherwise notify a whole channel. In mrkdwn, *, _, ~ and ` format
 * text; they are kept (Slack has no escape for them) but cannot open links or mentions.
 */
export function slackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** HTML mail: the five characters that can end an element or an attribute. */
export function htmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** An http(s) URL safe to link to, or undefined (no javascript: links from event data). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** At most `max` characters, with an ellipsis when cut; control characters become spaces. */
export function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
