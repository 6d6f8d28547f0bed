import type { SearchResult } from '../../services/search/message-search.js';
import type { ExcerptPart } from '../../services/search/search-excerpt.js';
import { MAX_SEARCH_QUERY_LENGTH } from '../../services/search/search-terms.js';
import type { Page } from '../../services/conversations/types.js';
import { defaultRenderer } from '../rendering/engine.js';
import { escapeHtml } from '../text/escape-html.js';
import { formatTime } from '../text/format.js';
import { namesHtml } from '../text/isolate.js';

/**
 * An excerpt as HTML: every piece of the member's text escaped, the matched words in `<mark>`
 * (markup we add; nothing the member typed is ever read as HTML). The JSON API's `excerptHtml`.
 */
export function excerptHtml(parts: ExcerptPart[]): string {
  return parts.map((p) => (p.match ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

/** What the search page needs. */
export interface SearchInput {
  viewerId: string;
  /** The router's base URL (`req.baseUrl`). */
  base: string;
  /** What the member typed, shown again in the field. */
  q: string;
  /** The results, when a search ran (absent: the form alone, or a refused search). */
  page?: Page<SearchResult>;
  /** Why the search was refused, next to the field. */
  error?: string;
  /** True when showing the first page (no `cursor`). */
  isFirstPage: boolean;
}

/**
 * Renders the search page body. Each result links to its message in the thread: the thread
 * page that ends with it (`?before=` the next id) at its anchor, so an old match opens where it is.
 */
export function renderSearch(input: SearchInput): string {
  const { base, viewerId, page } = input;
  const action = `${base}/search`;
  const results = (page?.items ?? []).map((r) => {
    const others = r.thread.participants.filter((p) => p.id !== viewerId);
    const thread = encodeURIComponent(r.threadId);
    return {
      threadId: r.threadId,
      messageId: r.message.id,
      href: `${base}/threads/${thread}?before=${BigInt(r.message.id) + 1n}#m-${encodeURIComponent(r.message.id)}`,
      titleHtml: namesHtml(others.length > 0 ? others : r.thread.participants).html || 'Conversation',
      subject: r.thread.subject,
      senderName: r.sender.id === viewerId ? 'You' : r.sender.displayName,
      excerptHtml: excerptHtml(r.excerpt),
      createdAt: r.message.createdAt,
      createdAtText: formatTime(r.message.createdAt),
    };
  });
  const query = `q=${encodeURIComponent(input.q)}`;
  return defaultRenderer().render('conversations/search', {
    action,
    inboxHref: `${base}/`,
    q: input.q,
    maxLength: MAX_SEARCH_QUERY_LENGTH,
    error: input.error ?? null,
    searched: page !== undefined,
    results,
    isFirstPage: input.isFirstPage,
    firstHref: `${action}?${query}`,
    olderHref: page?.nextCursor ? `${action}?${query}&cursor=${encodeURIComponent(page.nextCursor)}` : null,
  });
}
