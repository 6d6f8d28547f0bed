import type { Page, ThreadSummary } from '../../services/conversations/types.js';
import { MAX_SEARCH_QUERY_LENGTH } from '../../services/search/search-terms.js';
import { defaultRenderer } from '../rendering/engine.js';
import { AVATAR_SIZE, firstAvatarSrc } from '../text/avatar.js';
import { formatTime, othersOf } from '../text/format.js';
import { namesHtml } from '../text/isolate.js';

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
}

/** Renders the inbox body: threads, latest activity first, unread ones marked in text. */
export function renderInbox(input: InboxInput): string {
  const { base, viewerId } = input;
  const threads = input.page.items.map((t) => {
    const last = t.lastMessage;
    return {
      id: t.id,
      href: `${base}/threads/${encodeURIComponent(t.id)}`,
      titleHtml: namesHtml(othersOf(t, viewerId)).html || 'Conversation',
      avatarSrc: firstAvatarSrc(othersOf(t, viewerId)),
      avatarSize: AVATAR_SIZE,
      muted: t.muted === true,
      subject: t.subject,
      // Text only: the row is one link already (the thread header links the context).
      contextTitle: t.context?.title ?? null,
      unreadCount: t.unreadCount,
      preview: last ? last.preview : null,
      previewPrefix: last && last.senderId === viewerId ? 'You: ' : '',
      lastMessageAt: t.lastMessageAt,
      lastMessageAtText: formatTime(t.lastMessageAt),
    };
  });
  return defaultRenderer().render('conversations/inbox', {
    threads,
    isFirstPage: input.isFirstPage,
    hasArchived: input.hasArchived === true,
    newHref: `${base}/new`,
    archivedHref: `${base}/archived`,
    settingsHref: `${base}/preferences`,
    searchAction: `${base}/search`,
    searchMaxLength: MAX_SEARCH_QUERY_LENGTH,
    firstHref: `${base}/`,
    olderHref: input.page.nextCursor ? `${base}/?cursor=${encodeURIComponent(input.page.nextCursor)}` : null,
  });
}
