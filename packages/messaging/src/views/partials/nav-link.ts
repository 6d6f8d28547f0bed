import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { checkedUrl, DEFAULT_INBOX_URL } from './host-partial-inputs.js';
import { partialKit } from './partial-kit.js';
import { badgeCount } from './unread-badge.js';

/** Input of {@link renderNavLink}. */
export interface NavLinkInput {
  /** Where `messaging.router` is mounted. @default '/messages' */
  inboxUrl?: string | undefined;
  /** The viewer's unread messages; the badge is left out at 0. */
  unreadTotal: number;
  /** Text of the link (escaped); it wins over the locale's word. @default the locale's 'Messages' */
  label?: string | undefined;
  /**
   * The member's language, a BCP 47 tag ('de', 'pt-BR'): the link's words and its spoken
   * count in the nearest shipped locale, English when none fits. @default 'en'
   */
  locale?: string | undefined;
}

/**
 * The nav link to the inbox, with the unread badge inside it (template `partials/nav-link`).
 * The badge is left out at zero. Screen readers hear "Messages, 3 unread messages" from the
 * link's `aria-label`, which needs no stylesheet (host pages do not load the package's CSS).
 */
export function navLinkHtml(kit: ViewKit, input: { inboxUrl: string; unreadTotal: number; label?: string | undefined }): SafeHtml {
  return new SafeHtml(kit.renderer.render('partials/nav-link', { i18n: kit.i18n, href: input.inboxUrl, label: input.label ?? null, unreadTotal: badgeCount(input.unreadTotal) }));
}

/**
 * The nav link with its unread badge, as `res.locals.messaging.navLink` holds it, for a host
 * that renders its own pages without `messaging.locals()`. Print it unescaped.
 * @throws TypeError when `inboxUrl` is neither a local path nor an http(s) URL.
 * @example renderNavLink({ unreadTotal: (await messaging.conversations.getUnread(userId)).unreadTotal, locale: 'de' })
 */
export function renderNavLink(input: NavLinkInput): string {
  const inboxUrl = checkedUrl(input.inboxUrl, DEFAULT_INBOX_URL, 'inboxUrl', 'renderNavLink');
  return navLinkHtml(partialKit(input.locale), { inboxUrl, unreadTotal: input.unreadTotal, label: input.label }).html;
}
