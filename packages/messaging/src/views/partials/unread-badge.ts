import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { partialKit } from './partial-kit.js';

/** Input of {@link renderUnreadBadge}. */
export interface UnreadBadgeInput {
  /** The viewer's unread messages (`res.locals.messaging.unreadTotal`, or `conversations.getUnread()`). */
  unreadTotal: number;
  /**
   * The member's language, a BCP 47 tag ('de', 'pt-BR'): the nearest shipped locale, English
   * when none fits. The badge holds a number only, so it reads the same in every locale.
   * @default 'en'
   */
  locale?: string | undefined;
}

/** The unread count as a whole number of at least 0: a fraction or NaN from the host's data shows nothing. */
export function badgeCount(unreadTotal: number): number {
  return Number.isFinite(unreadTotal) ? Math.max(0, Math.floor(unreadTotal)) : 0;
}

/** The badge inside the nav link (template `partials/unread-badge`); nothing at zero. */
export function unreadBadgeHtml(kit: ViewKit, input: { unreadTotal: number }): SafeHtml {
  return new SafeHtml(kit.renderer.render('partials/unread-badge', { i18n: kit.i18n, unreadTotal: badgeCount(input.unreadTotal) }));
}

/**
 * The unread badge alone: `<span class="messaging-badge" data-messaging-badge>3</span>`, or ''
 * at zero. The package's script keeps every `[data-messaging-badge]` inside a
 * `[data-messaging-nav]` element live. Most hosts want {@link renderNavLink}, which holds it.
 * @example renderUnreadBadge({ unreadTotal: 3 })
 */
export function renderUnreadBadge(input: UnreadBadgeInput): string {
  return unreadBadgeHtml(partialKit(input.locale), input).html;
}
