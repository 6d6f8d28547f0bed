import { html, type SafeHtml } from '../text/escape-html.js';

/**
 * The nav link to the inbox, with the unread badge inside it. The badge is left out at
 * zero. Screen readers hear "Messages, 3 unread messages" from the link's `aria-label`,
 * which needs no stylesheet (host pages do not load the package's CSS).
 */
export function navLinkHtml(input: { inboxUrl: string; unreadTotal: number; label?: string }): SafeHtml {
  const label = input.label ?? 'Messages';
  const total = Math.max(0, Math.floor(input.unreadTotal));
  if (total === 0) return html`<a href="${input.inboxUrl}" class="messaging-nav" data-messaging-nav>${label}</a>`;
  const spoken = `${label}, ${total} unread ${total === 1 ? 'message' : 'messages'}`;
  return html`<a href="${input.inboxUrl}" class="messaging-nav" data-messaging-nav aria-label="${spoken}">${label} <span class="messaging-badge" data-messaging-badge>${total}</span></a>`;
}
