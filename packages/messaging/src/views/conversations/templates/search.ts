import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/**
 * The search page: the form, then the matching messages, newest first. Data: {@link SearchData}.
 * Every word comes from the catalogue's `conversations` section. `titleHtml`, `senderHtml` and
 * `excerptHtml` are SafeHtml built by search-view.ts, every piece of member text in them
 * escaped, the `<mark>` and `<bdi>` around it ours. The error sits next to the field; what the
 * member typed is kept.
 */
export const SEARCH_TEMPLATE = `<div class="messaging messaging-search" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<div class="m-toolbar">
<h1><%= it.i18n.t('conversations.searchHeading') %></h1>
<span><a href="<%= it.inboxHref %>"><%= it.i18n.t('conversations.backToInbox') %></a></span>
</div>
<form class="m-search" method="get" action="<%= it.action %>" role="search">
<label for="messaging-search-q"><%= it.i18n.t('conversations.searchLabel') %></label>
<input type="search" id="messaging-search-q" name="q" value="<%= it.q %>" dir="auto" maxlength="<%= it.maxLength %>" required<% if (it.error) { %> aria-invalid="true" aria-describedby="messaging-search-error"<% } %>>
<button type="submit"><%= it.i18n.t('conversations.searchButton') %></button>
<% if (it.error) { %><p class="m-error" id="messaging-search-error"><%= it.error %></p><% } %>
</form>
<% if (it.searched) { %>
<% if (it.results.length === 0) { %>
<p class="m-empty"><%= it.i18n.t(it.isFirstPage ? 'conversations.searchNoResults' : 'conversations.searchNoMore') %></p>
<% } else { %>
<ol class="m-threads m-results">
<% for (const r of it.results) { %>
<li class="m-thread m-result" data-thread-id="<%= r.threadId %>" data-message-id="<%= r.messageId %>">
<a href="<%= r.href %>">
<span class="m-names"><%= r.titleHtml %></span><% if (r.subject) { %><span class="m-meta"> · <bdi><%= r.subject %></bdi></span><% } %>
<p class="m-preview"><%= it.i18n.html('conversations.searchResultLine', { sender: r.senderHtml, excerpt: r.excerptHtml }) %></p>
<time datetime="<%= r.createdAt %>"><%= r.createdAtText %></time>
</a>
</li>
<% } %>
</ol>
<% } %>
<% if (it.olderHref || !it.isFirstPage) { %>
<nav class="m-pager" aria-label="<%= it.i18n.t('conversations.searchPagerLabel') %>">
<% if (!it.isFirstPage) { %><a href="<%= it.firstHref %>"><%= it.i18n.t('conversations.searchNewest') %></a><% } %>
<% if (it.olderHref) { %><a href="<%= it.olderHref %>" rel="next"><%= it.i18n.t('conversations.searchOlder') %></a><% } %>
</nav>
<% } %>
<% } %>
</div>`;

/** One found message. */
export interface SearchResultData {
  /** The thread the message is in (`data-thread-id`). */
  threadId: string;
  /** The message (`data-message-id`). */
  messageId: string;
  /** The message at its place in the thread. */
  href: string;
  /** The other members' names, each in a `<bdi>`. */
  titleHtml: SafeHtml;
  /** The thread's subject (member text), or null. */
  subject: string | null;
  /** Who wrote it ("You" for the viewer). */
  senderName: string;
  /** {@link senderName} in a `<bdi>`. */
  senderHtml: SafeHtml;
  /** The words around the match in a `<span class="m-excerpt" dir="auto">`, the matched words in `<mark>`. */
  excerptHtml: SafeHtml;
  /** When it was sent, ISO 8601 in UTC (the `datetime`). */
  createdAt: string;
  /** The date and time in the member's zone. */
  createdAtText: string;
}

/** What `conversations/search` is rendered with (`i18n`: the TemplateBase shape, see InboxData). */
export interface SearchData {
  i18n: Translator;
  /** The search page (a GET form). */
  action: string;
  /** The inbox, for the link back. */
  inboxHref: string;
  /** What the member typed, kept in the field. */
  q: string;
  /** The longest search text. */
  maxLength: number;
  /** Why the search was refused, in the member's words (next to the field), or null. */
  error: string | null;
  /** Whether a search ran (false: the form alone, or a refused search). */
  searched: boolean;
  /** The matching messages, newest first. */
  results: SearchResultData[];
  /** The newest page of results (no cursor). */
  isFirstPage: boolean;
  /** The newest page of results for the same search. */
  firstHref: string;
  /** The next page of older results; null on the last page. */
  olderHref: string | null;
}
