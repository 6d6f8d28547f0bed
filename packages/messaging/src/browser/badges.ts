import { announceUnread } from './announce.js';
import { liveStrings } from './live-strings.js';

/**
 * Sets every `[data-messaging-nav]` link's badge as the nav-link partial renders it:
 * "Label <span badge>N</span>" with the aria-label "Label, N unread messages" in the member's
 * words (the badge itself a plain number); at zero, no badge and no aria-label. A rise is
 * announced politely (browser/announce.ts).
 */
export function setBadges(unreadTotal: unknown): void {
  const total = Math.max(0, Math.floor(Number(unreadTotal) || 0));
  const navs = document.querySelectorAll('[data-messaging-nav]');
  // The count shown before: a rise is spoken (polite live region), a fall is not.
  const shown = Number(navs[0]?.querySelector('[data-messaging-badge]')?.textContent) || 0;
  if (navs.length > 0 && total > shown) announceUnread(total);
  for (const nav of navs) {
    const first = nav.firstChild;
    const text = first instanceof Text ? first : nav.insertBefore(document.createTextNode(''), first);
    const label = text.data.trim() || liveStrings().text('partials.navLinkLabel');
    let badge = nav.querySelector('[data-messaging-badge]');
    if (total === 0) {
      badge?.remove();
      nav.removeAttribute('aria-label');
      text.data = label;
      continue;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'messaging-badge';
      badge.setAttribute('data-messaging-badge', '');
      nav.appendChild(badge);
    }
    text.data = `${label} `;
    badge.textContent = String(total);
    // The count as the badge shows it (plain digits), so the link's name holds what it shows.
    nav.setAttribute('aria-label', liveStrings().text('partials.navLinkUnread', { label, count: String(total) }));
  }
}
