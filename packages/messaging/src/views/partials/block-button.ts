import { html, type SafeHtml } from '../text/escape-html.js';

/**
 * The "Block" (or "Unblock") link for a member's profile: opens the confirmation page of
 * `messaging.router`, which says what blocking does and holds the form (so the host's page
 * needs no CSRF token for it).
 */
export function blockButtonHtml(input: { inboxUrl: string; profileUserId: string; blocked: boolean }): SafeHtml {
  const href = `${input.inboxUrl.replace(/\/+$/, '')}/blocks/new?userId=${encodeURIComponent(input.profileUserId)}`;
  return html`<a href="${href}" class="messaging-block-button" data-messaging-block-button="${input.blocked ? 'blocked' : 'not-blocked'}">${input.blocked ? 'Unblock' : 'Block'}</a>`;
}
