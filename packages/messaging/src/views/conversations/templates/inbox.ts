import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/**
 * The inbox page. Data: {@link InboxData}. Every word comes from the
 * catalogue's `conversations` section. Unread threads say so in text ("3 unread"), not only by
 * weight or colour; so do muted ones ("Muted"). Member text sits in `<bdi>` (names, subject,
 * context, preview). `titleHtml` is SafeHtml: the names built with the escaping `html` tag.
 * A time within the last week reads "5 minutes ago"; the exact time is in `datetime` and `title`.
 */
export const INBOX_TEMPLATE = `<div class="messaging messaging-inbox" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<div class="m-toolbar">
<h1><%= it.i18n.t('conversations.inboxHeading') %></h1>
<span><a href="<%= it.newHref %>"><%= it.i18n.t('conversations.inboxNewMessage') %></a> · <a href="<%= it.archivedHref %>"><%= it.i18n.t('conversations.inboxArchived') %></a> · <a href="<%= it.settingsHref %>"><%= it.i18n.t('conversations.inboxSettings') %></a></span>
</div>
<% if (it.searchAction) { %><form class="m-search" method="get" action="<%= it.searchAction %>" role="search">
<label for="messaging-search-q"><%= it.i18n.t('conversations.searchLabel') %></label>
<input type="search" id="messaging-search-q" name="q" dir="auto" maxlength="<%= it.searchMaxLength %>" required>
<button type="submit"><%= it.i18n.t('conversations.searchButton') %></button>
</form><% } %>
<% if (it.threads.length === 0) { %>
<% if (it.isFirstPage && it.hasArchived) { %><p class="m-empty"><%= it.i18n.html('conversations.inboxEmptyArchived', { archived: it.archivedLinkHtml }) %></p>
<% } else { %><p class="m-empty"><%= it.i18n.t(it.isFirstPage ? 'conversations.inboxEmpty' : 'conversations.inboxNoMore') %></p><% } %>
<% } else { %>
<ul class="m-threads">
<% for (const t of it.threads) { %>
<li class="m-thread<%= t.unreadCount > 0 ? ' m-unread' : '' %>" data-thread-id="<%= t.id %>">
<a href="<%= t.href %>">
<% if (t.avatarSrc) { %><img class="m-avatar" src="<%= t.avatarSrc %>" alt="" width="<%= t.avatarSize %>" height="<%= t.avatarSize %>" loading="lazy" referrerpolicy="no-referrer"> <% } %><span class="m-names"><%= t.titleHtml %></span><% if (t.unreadCount > 0) { %> <span class="m-badge"><%= it.i18n.t('conversations.inboxUnread', { count: t.unreadCount }) %></span><% } %><% if (t.muted) { %> <span class="m-muted-marker" data-messaging-muted><%= it.i18n.t('conversations.inboxMuted') %></span><% } %>
<% if (t.subject) { %><span class="m-meta"> · <bdi><%= t.subject %></bdi></span><% } %>
<% if (t.contextTitle) { %><span class="m-meta" data-messaging-context> · <%= it.i18n.html('conversations.aboutContext', { title: t.contextTitleHtml }) %></span><% } %>
<% if (t.preview !== null) { %><p class="m-preview"><%= t.mine ? it.i18n.html('conversations.inboxPreviewMine', { preview: t.previewHtml }) : t.previewHtml %></p><% } %>
<time datetime="<%= t.lastMessageAt %>" title="<%= t.lastMessageAtExact %>"><%= t.lastMessageAtText %></time>
</a>
</li>
<% } %>
</ul>
<% } %>
<% if (it.olderHref || !it.isFirstPage) { %>
<nav class="m-pager" aria-label="<%= it.i18n.t('conversations.inboxPagerLabel') %>">
<% if (!it.isFirstPage) { %><a href="<%= it.firstHref %>"><%= it.i18n.t('conversations.inboxLatest') %></a><% } %>
<% if (it.olderHref) { %><a href="<%= it.olderHref %>" rel="next"><%= it.i18n.t('conversations.inboxOlder') %></a><% } %>
</nav>
<% } %>
</div>`;

/** One conversation row of the inbox. */
export interface InboxThreadData {
  /** The thread id (`data-thread-id`: the live script finds the row by it). */
  id: string;
  /** The thread page. */
  href: string;
  /** The other members' names, each in a `<bdi>` (or the word for a conversation without them). */
  titleHtml: SafeHtml;
  /** The first other member's avatar (a safe URL), or null. */
  avatarSrc: string | null;
  /** Its width and height in pixels. */
  avatarSize: number;
  /** The viewer muted it: marked "Muted" in text. */
  muted: boolean;
  /** The thread's subject (member text), or null. */
  subject: string | null;
  /** The host's title of what the conversation is about (text only: the row is one link already). */
  contextTitle: string | null;
  /** {@link contextTitle} in a `<bdi>`, for `conversations.aboutContext`. */
  contextTitleHtml: SafeHtml;
  /** Messages the viewer has not read (0: none, no badge). */
  unreadCount: number;
  /** The last message's start; null in a conversation without messages. */
  preview: string | null;
  /** {@link preview} in a `<bdi>` (files only: the words for a file, without one). */
  previewHtml: SafeHtml;
  /** Whether the viewer sent the last message ("You: …"). */
  mine: boolean;
  /** The last activity, ISO 8601 in UTC (the `datetime`). */
  lastMessageAt: string;
  /** "5 minutes ago" within the last week, else the date and time in the member's zone. */
  lastMessageAtText: string;
  /** The date and time in the member's zone (the `title` of the time). */
  lastMessageAtExact: string;
}

/**
 * What `conversations/inbox` is rendered with. `i18n` is the member's translator (the
 * TemplateBase of rendering/view-kit.ts, named here as its type: importing that file from a
 * template would close an import cycle through the renderer).
 */
export interface InboxData {
  i18n: Translator;
  threads: InboxThreadData[];
  /** The newest page (no cursor): an empty one says "No conversations yet". */
  isFirstPage: boolean;
  /** An empty first page only: whether the viewer has archived threads. */
  hasArchived: boolean;
  /** The link to Archived inside `conversations.inboxEmptyArchived`. */
  archivedLinkHtml: SafeHtml;
  /** The compose page. */
  newHref: string;
  /** The archived conversations. */
  archivedHref: string;
  /** The member's messaging settings. */
  settingsHref: string;
  /** The search form's action (null: no search form). */
  searchAction: string | null;
  /** The longest search text. */
  searchMaxLength: number;
  /** The newest page of the inbox. */
  firstHref: string;
  /** The next page of older conversations; null on the last page. */
  olderHref: string | null;
}
