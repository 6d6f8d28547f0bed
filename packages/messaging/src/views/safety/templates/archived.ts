import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** One archived conversation of the list. */
export interface ArchivedItem {
  /** The thread id (`data-thread-id`). */
  id: string;
  /** The conversation's page. */
  href: string;
  /** The other members' names, each in a `<bdi>`; null when nobody else is left. */
  namesHtml: SafeHtml | null;
  /** The thread's subject (member text), or null. */
  subject: string | null;
  /** The latest message's text, shortened (member text), or null when there is none. */
  preview: string | null;
  /** When the latest message was sent (ISO 8601; show it with `it.i18n.dateTime`). */
  lastMessageAt: string;
  /** Where "Move back to inbox" posts. */
  unarchiveAction: string;
}

/** Data of `safety/archived`. */
export interface ArchivedData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The inbox (`<base>/`). */
  inboxHref: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The archived conversations of this page, latest activity first. */
  items: ArchivedItem[];
  /** Whether this is the first page (the empty text differs). */
  isFirstPage: boolean;
  /** The next page of older conversations, or null on the last page. */
  olderHref: string | null;
}

/** The Archived view: the viewer's archived threads, each with "Move back to inbox". Member text in `<bdi>`. */
export const ARCHIVED_TEMPLATE = `<div class="messaging messaging-archived" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<div class="m-toolbar"><h1><%= it.i18n.t('safety.archivedTitle') %></h1><a href="<%= it.inboxHref %>"><%= it.i18n.t('safety.backToMessages') %></a></div>
<p class="m-meta"><%= it.i18n.t('safety.archivedHint') %></p>
<% if (it.items.length === 0) { %><p class="m-empty"><%= it.i18n.t(it.isFirstPage ? 'safety.archivedEmpty' : 'safety.archivedNoMore') %></p>
<% } else { %><ul class="m-threads">
<% for (const t of it.items) { %><li class="m-thread" data-thread-id="<%= t.id %>">
<a href="<%= t.href %>"><span class="m-names"><%= t.namesHtml ?? it.i18n.t('common.conversation') %></span><% if (t.subject) { %><span class="m-meta"> · <bdi><%= t.subject %></bdi></span><% } %>

<% if (t.preview !== null) { %><p class="m-preview"><bdi><%= t.preview %></bdi></p>
<% } %><time datetime="<%= t.lastMessageAt %>"><%= it.i18n.dateTime(t.lastMessageAt) %></time></a>
<%~ include('@safety/post-button', { i18n: it.i18n, action: t.unarchiveAction, csrfToken: it.csrfToken, label: it.i18n.t('safety.moveToInbox') }) %>

</li>
<% } %></ul>
<% } %><% if (it.olderHref) { %><nav class="m-pager" aria-label="<%= it.i18n.t('safety.archivedPager') %>"><a href="<%= it.olderHref %>" rel="next"><%= it.i18n.t('safety.archivedOlder') %></a></nav>
<% } %></div>`;
