import { html, type SafeHtml } from '../text/escape-html.js';
import { checkedUrl, DEFAULT_INBOX_URL } from './host-partial-inputs.js';
import { badgeCount, unreadBadgeHtml } from './unread-badge.js';

/** Input of {@link renderNavLink}. */
export interface NavLinkInput {
  /** Where `messaging.router` is mounted. @default '/messages' */
  inboxUrl?: string | undefined;
  /** The viewer's unread messages; the badge is left out at 0. */
  unreadTotal: number;
  /** Text of the link (escaped). @default 'Messages' */
  label?: string | undefined;
}

/**
 * The nav link to the inbox, with the unread badge inside it. The badge is left out at
 * zero. Screen readers hear "Messages, 3 unread messages" from the link's `aria-label`,
 * which needs no stylesheet (host pages do not load the package's CSS).
 */
export function navLinkHtml(input: { inboxUrl: string; unreadTotal: number; label?: string }): SafeHtml {
  const label = input.label ?? 'Messages';
  const total = badgeCount(input.unreadTotal);
  if (total === 0) return html`<a href="${input.inboxUrl}" class="messaging-nav" data-messaging-nav>${label}</a>`;
  const spoken = `${label}, ${total} unread ${total === 1 ? 'message' : 'messages'}`;
  return html`<a href="${input.inboxUrl}" class="messaging-nav" data-messaging-nav aria-label="${spoken}">${label} ${unreadBadgeHtml({ unreadTotal: total })}</a>`;
}

/**
 * The nav link with its unread badge, as `res.locals.messaging.navLink` holds it, for a host
 * that renders its own pages without `messaging.locals()`. Print it unescaped.
 * @throws TypeError when `inboxUrl` is neither a local path nor an http(s) URL.
 * @example renderNavLink({ unreadTotal: (await messaging.conversations.getUnread(userId)).unreadTotal })
 */
export function renderNavLink(input: NavLinkInput): string {
  const inboxUrl = checkedUrl(input.inboxUrl, DEFAULT_INBOX_URL, 'inboxUrl', 'renderNavLink');
  return navLinkHtml({ inboxUrl, unreadTotal: input.unreadTotal, ...(input.label === undefined ? {} : { label: input.label }) }).html;
}
