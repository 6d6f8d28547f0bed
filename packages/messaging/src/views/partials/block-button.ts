import type { UserId } from '../../options.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { checkedUrl, DEFAULT_INBOX_URL, profileTarget } from './host-partial-inputs.js';

/** Input of {@link renderBlockButton}. */
export interface BlockButtonInput {
  /** The member whose profile this is; no link without one. */
  profileUserId: UserId | null | undefined;
  /** The signed-in member: no link on their own profile. */
  viewerId?: UserId | null | undefined;
  /** Whether the viewer has blocked that member already: the link then says "Unblock". @default false */
  blocked?: boolean | undefined;
  /** Where `messaging.router` is mounted. @default '/messages' */
  inboxUrl?: string | undefined;
}

/**
 * The "Block" (or "Unblock") link for a member's profile: opens the confirmation page of
 * `messaging.router`, which says what blocking does and holds the form (so the host's page
 * needs no CSRF token for it).
 */
export function blockButtonHtml(input: { inboxUrl: string; profileUserId: string; blocked: boolean }): SafeHtml {
  const href = `${input.inboxUrl.replace(/\/+$/, '')}/blocks/new?userId=${encodeURIComponent(input.profileUserId)}`;
  return html`<a href="${href}" class="messaging-block-button" data-messaging-block-button="${input.blocked ? 'blocked' : 'not-blocked'}">${input.blocked ? 'Unblock' : 'Block'}</a>`;
}

/**
 * The Block / Unblock link for a member's profile, as `res.locals.messaging.blockButton(id)`
 * gives it; '' without a member or on the viewer's own profile.
 * @throws TypeError when `inboxUrl` is neither a local path nor an http(s) URL.
 */
export function renderBlockButton(input: BlockButtonInput): string {
  const profileUserId = profileTarget(input.profileUserId, input.viewerId);
  if (profileUserId === null) return '';
  const inboxUrl = checkedUrl(input.inboxUrl, DEFAULT_INBOX_URL, 'inboxUrl', 'renderBlockButton');
  return blockButtonHtml({ inboxUrl, profileUserId, blocked: input.blocked === true }).html;
}
