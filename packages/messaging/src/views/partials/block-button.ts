import type { UserId } from '../../options.js';
import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { checkedUrl, DEFAULT_INBOX_URL, profileTarget } from './host-partial-inputs.js';
import { partialKit } from './partial-kit.js';

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
  /** The member's language, a BCP 47 tag ('de', 'pt-BR'): the nearest shipped locale, English when none fits. @default 'en' */
  locale?: string | undefined;
}

/** What {@link blockButtonHtml} links to. */
export interface BlockButtonTarget {
  inboxUrl: string;
  profileUserId: string;
  blocked: boolean;
}

/**
 * The "Block" (or "Unblock") link for a member's profile (template `partials/block-button`):
 * opens the confirmation page of `messaging.router`, which says what blocking does and holds
 * the form (so the host's page needs no CSRF token for it).
 */
export function blockButtonHtml(kit: ViewKit, input: BlockButtonTarget): SafeHtml;
/** @deprecated English only: pass the kit first (kept while the safety views switch). */
export function blockButtonHtml(input: BlockButtonTarget): SafeHtml;
export function blockButtonHtml(first: ViewKit | BlockButtonTarget, second?: BlockButtonTarget): SafeHtml {
  const [kit, input] = second ? [first as ViewKit, second] : [partialKit(undefined), first as BlockButtonTarget];
  const href = `${input.inboxUrl.replace(/\/+$/, '')}/blocks/new?userId=${encodeURIComponent(input.profileUserId)}`;
  return new SafeHtml(kit.renderer.render('partials/block-button', { i18n: kit.i18n, href, blocked: input.blocked }));
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
  return blockButtonHtml(partialKit(input.locale), { inboxUrl, profileUserId, blocked: input.blocked === true }).html;
}
