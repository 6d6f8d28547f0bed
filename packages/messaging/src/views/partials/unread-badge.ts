import { html, type SafeHtml } from '../text/escape-html.js';

/** Input of {@link renderUnreadBadge}. */
export interface UnreadBadgeInput {
  /** The viewer's unread messages (`res.locals.messaging.unreadTotal`, or `conversations.getUnread()`). */
  unreadTotal: number;
}

/** The unread count as a whole number of at least 0: a fraction or NaN from the host's data shows nothing. */
export function badgeCount(unreadTotal: number): number {
  return Number.isFinite(unreadTotal) ? Math.max(0, Math.floor(unreadTotal)) : 0;
}

/** The badge inside the nav link; nothing at zero. */
export function unreadBadgeHtml(input: UnreadBadgeInput): SafeHtml | '' {
  const total = badgeCount(input.unreadTotal);
  return total === 0 ? '' : html`<span class="messaging-badge" data-messaging-badge>${total}</span>`;
}

/**
 * The unread badge alone: `<span class="messaging-badge" data-messaging-badge>3</span>`, or ''
 * at zero. The package's script keeps every `[data-messaging-badge]` inside a
 * `[data-messaging-nav]` element live. Most hosts want {@link renderNavLink}, which holds it.
 * @example renderUnreadBadge({ unreadTotal: 3 })
 */
export function renderUnreadBadge(input: UnreadBadgeInput): string {
  return String(unreadBadgeHtml(input));
}
