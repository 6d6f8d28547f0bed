import { html, type SafeHtml } from '../text/escape-html.js';

/** Links from the admin switch page to the moderators' pages of the same router. */
export function adminLinksHtml(base: string): SafeHtml {
  return html`<nav class="m-admin-links" aria-label="Moderation"><a href="${`${base}/reports`}">Reported messages</a> · <a href="${`${base}/limits`}">Sending limits</a></nav>`;
}
