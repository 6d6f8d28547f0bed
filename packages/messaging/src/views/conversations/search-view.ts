import type { SearchResult } from '../../services/search/message-search.js';
import type { ExcerptPart } from '../../services/search/search-excerpt.js';
import { MAX_SEARCH_QUERY_LENGTH } from '../../services/search/search-terms.js';
import type { Page } from '../../services/conversations/types.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { escapeHtml, html, SafeHtml } from '../text/escape-html.js';
import { bdi, namesHtml } from '../text/isolate.js';
import type { SearchResultData } from './templates/search.js';

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
export function renderSearch(kit: ViewKit, input: SearchInput): string {
  const { base, viewerId, page } = input;
  const { i18n } = kit;
  const action = `${base}/search`;
  const results = (page?.items ?? []).map((r): SearchResultData => {
    const others = r.thread.participants.filter((p) => p.id !== viewerId);
    const thread = encodeURIComponent(r.threadId);
    const names = namesHtml(others.length > 0 ? others : r.thread.participants, i18n);
    const senderName = r.sender.id === viewerId ? i18n.t('conversations.searchSenderMine') : r.sender.displayName;
    return {
      threadId: r.threadId,
      messageId: r.message.id,
      href: `${base}/threads/${thread}?before=${BigInt(r.message.id) + 1n}#m-${encodeURIComponent(r.message.id)}`,
      titleHtml: names.html ? names : html`${i18n.t('common.conversation')}`,
      subject: r.thread.subject,
      senderName,
      senderHtml: bdi(senderName),
      excerptHtml: html`<span class="m-excerpt" dir="auto">${new SafeHtml(excerptHtml(r.excerpt))}</span>`,
      createdAt: r.message.createdAt,
      createdAtText: i18n.dateTime(r.message.createdAt),
    };
  });
  const query = `q=${encodeURIComponent(input.q)}`;
  return kit.renderer.render('conversations/search', {
    i18n,
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
