import { FILES_ONLY_PREVIEW } from '../../services/conversations/message-text.js';
import type { Page, ThreadSummary } from '../../services/conversations/types.js';
import { MAX_SEARCH_QUERY_LENGTH } from '../../services/search/search-terms.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { AVATAR_SIZE, firstAvatarSrc } from '../text/avatar.js';
import { html } from '../text/escape-html.js';
import { othersOf } from '../text/format.js';
import { bdi, namesHtml } from '../text/isolate.js';
import type { InboxThreadData } from './templates/inbox.js';

/** What the inbox page needs. */
export interface InboxInput {
  viewerId: string;
  page: Page<ThreadSummary>;
  /** The router's base URL (`req.baseUrl`). */
  base: string;
  /** True when showing the first page (no `cursor`). */
  isFirstPage: boolean;
  /** An empty first page only: whether the viewer has archived threads, so the page says where they are. */
  hasArchived?: boolean;
  /** The instance's clock (ISO): times within the last week read "5 minutes ago" from it. */
  now: string;
}

/** Renders the inbox body: threads, latest activity first, unread and muted ones marked in text. */
export function renderInbox(kit: ViewKit, input: InboxInput): string {
  const { base, viewerId } = input;
  const { i18n } = kit;
  const now = new Date(input.now);
  const threads = input.page.items.map((t): InboxThreadData => {
    const last = t.lastMessage;
    const names = namesHtml(othersOf(t, viewerId), i18n);
    // The service words a message of files only in English; the member reads it in theirs.
    const preview = last ? (last.preview === FILES_ONLY_PREVIEW ? i18n.t('conversations.inboxSentFile') : last.preview) : null;
    return {
      id: t.id,
      href: `${base}/threads/${encodeURIComponent(t.id)}`,
      titleHtml: names.html ? names : html`${i18n.t('common.conversation')}`,
      avatarSrc: firstAvatarSrc(othersOf(t, viewerId)),
      avatarSize: AVATAR_SIZE,
      muted: t.muted === true,
      subject: t.subject,
      contextTitle: t.context?.title ?? null,
      contextTitleHtml: bdi(t.context?.title ?? ''),
      unreadCount: t.unreadCount,
      preview,
      previewHtml: bdi(preview ?? ''),
      mine: last !== null && last.senderId === viewerId,
      lastMessageAt: t.lastMessageAt,
      lastMessageAtText: i18n.relativeTime(t.lastMessageAt, now),
      lastMessageAtExact: i18n.dateTime(t.lastMessageAt),
    };
  });
  const archivedHref = `${base}/archived`;
  return kit.renderer.render('conversations/inbox', {
    i18n,
    threads,
    isFirstPage: input.isFirstPage,
    hasArchived: input.hasArchived === true,
    archivedLinkHtml: html`<a href="${archivedHref}">${i18n.t('conversations.inboxArchived')}</a>`,
    newHref: `${base}/new`,
    archivedHref,
    settingsHref: `${base}/preferences`,
    searchAction: `${base}/search`,
    searchMaxLength: MAX_SEARCH_QUERY_LENGTH,
    firstHref: `${base}/`,
    olderHref: input.page.nextCursor ? `${base}/?cursor=${encodeURIComponent(input.page.nextCursor)}` : null,
  });
}
