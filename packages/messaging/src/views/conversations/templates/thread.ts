import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';
import type { AttachmentListData } from '../../attachments/templates/attachment-list.js';
import type { FileInputData } from '../../attachments/templates/file-input.js';
import type { SystemLineData } from './system-line.js';

/** One message of a thread page. */
export interface ThreadMessageData {
  id: string;
  /** The viewer's own message (styled apart). */
  mine: boolean;
  senderName: string;
  senderProfileUrl: string | null;
  senderAvatarSrc: string | null;
  body: string;
  /** Removed by a moderator: no text shown. */
  removed: boolean;
  /** Deleted by its sender: no text shown. */
  deleted: boolean;
  edited: boolean;
  /** Inside the edit window, the viewer's own message only. */
  editHref: string | null;
  /** The viewer's own standing message only. */
  deleteHref: string | null;
  /** Others' standing messages only. */
  reportHref: string | null;
  createdAt: string;
  /** The system lines that follow this message, oldest first. */
  systemLines: Array<Omit<SystemLineData, 'i18n'>>;
  /** Its files (`@attachments/attachment-list`), or null when it has none. */
  attachments: Omit<AttachmentListData, 'i18n'> | null;
}

/** What `conversations/thread` is rendered with (built by ../thread-view.ts). */
export interface ThreadData {
  i18n: Translator;
  threadId: string;
  /** For the live script: the viewer, the edit window (ms) and the server's time, so it adds Edit and Delete links as the server would. */
  viewerId: string;
  editWindowMs: number;
  now: string;
  /**
   * For the live script, on the newest page: a `Last-Event-ID` read before the page's messages
   * (`data-messaging-resume`), so that its stream also sends what arrived while the page loaded;
   * null on older pages and without live updates.
   */
  liveResumeId: string | null;
  /** The subject, else the others' names, each in `<bdi>`. */
  titleHtml: SafeHtml;
  /** The other members, for a template of one's own; `othersHtml` is them joined, linked to their profiles. */
  others: Array<{ displayName: string; profileUrl: string | null }>;
  othersHtml: SafeHtml;
  /** What the conversation is about (`<p class="m-context">`), or empty. */
  contextHtml: SafeHtml | '';
  /** Archive / mute / leave / block, rendered by the safety views. */
  controlsHtml: SafeHtml | '';
  settingsHref: string | null;
  inboxHref: string;
  action: string;
  latestHref: string;
  olderHref: string | null;
  isLatestPage: boolean;
  avatarSize: number;
  /** System lines that come before every message of the page. */
  leadingSystemLines: Array<Omit<SystemLineData, 'i18n'>>;
  messages: ThreadMessageData[];
  csrfToken: string;
  /** The reply being typed. */
  body: string;
  errors: { body?: string; form?: string };
  maxMessageLength: number;
  /** The reply form's file input (`@attachments/file-input`); null when attachments are off (the form stays urlencoded). */
  fileInput: Omit<FileInputData, 'i18n'> | null;
}

/**
 * A thread page: one page of messages, oldest to newest, then the reply form. Every message is
 * an element with `id="m-<id>"` (the contract's markup); the newest one on the latest page
 * carries `data-messaging-newest` for the auto-scroll script; the `data-messaging-*` markers are
 * what the live script reads. Words come from the catalogue (`messages`), times in the member's
 * zone. `titleHtml`, `othersHtml`, `contextHtml` and `controlsHtml` are markup the package built
 * with the escaping `html` tag, never a member's text as is. Member text is isolated (`<bdi>`, or
 * `dir="auto"` on a message body) so that bidi controls in it cannot reorder the page.
 */
export const THREAD_TEMPLATE = `<div class="messaging messaging-thread" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>" data-thread-id="<%= it.threadId %>" data-messaging-viewer="<%= it.viewerId %>" data-messaging-edit-window-ms="<%= it.editWindowMs %>" data-messaging-now="<%= it.now %>"<% if (it.liveResumeId) { %> data-messaging-resume="<%= it.liveResumeId %>"<% } %>>
<p><a href="<%= it.inboxHref %>"><%= it.i18n.t('messages.threadBackToInbox') %></a></p>
<h1 data-messaging-title><%= it.titleHtml %></h1>
<%= it.contextHtml %>
<p class="m-meta" data-messaging-members><%= it.i18n.html('messages.threadWith', { names: it.othersHtml }) %></p>
<% if (it.settingsHref) { %><p class="m-meta"><a href="<%= it.settingsHref %>" data-messaging-group-settings-link><%= it.i18n.t('messages.threadGroupSettingsLink') %></a></p><% } %>
<%= it.controlsHtml %>
<% if (it.olderHref) { %><nav class="m-pager" aria-label="<%= it.i18n.t('messages.threadEarlierLabel') %>"><a href="<%= it.olderHref %>"><%= it.i18n.t('messages.threadOlderLink') %></a></nav><% } %>
<% if (it.messages.length === 0) { %><p class="m-empty"><%= it.i18n.t('messages.threadEmpty') %></p><% } %>
<ol class="m-messages" aria-label="<%= it.i18n.t('messages.threadMessagesLabel') %>">
<% for (const line of it.leadingSystemLines) { %><%~ include('@conversations/system-line', { ...line, i18n: it.i18n }) %><% } %>
<% it.messages.forEach((m, i) => { %>
<li class="m-message<%= m.mine ? ' m-mine' : '' %>" id="m-<%= m.id %>"<% if (it.isLatestPage && i === it.messages.length - 1) { %> data-messaging-newest<% } %>>
<p class="m-meta"><% if (m.senderAvatarSrc) { %><img class="m-avatar" src="<%= m.senderAvatarSrc %>" alt="" width="<%= it.avatarSize %>" height="<%= it.avatarSize %>" loading="lazy" referrerpolicy="no-referrer"> <% } %><% if (m.senderProfileUrl) { %><a href="<%= m.senderProfileUrl %>"><bdi><%= m.senderName %></bdi></a><% } else { %><bdi><%= m.senderName %></bdi><% } %> · <time datetime="<%= m.createdAt %>"><%= it.i18n.dateTime(m.createdAt) %></time></p>
<% if (m.removed) { %><p class="m-body m-removed"><em><%= it.i18n.t('messages.messageRemoved') %></em></p><% } else if (m.deleted) { %><p class="m-body m-removed" data-messaging-deleted><em><%= it.i18n.t('messages.messageDeleted') %></em></p><% } else { %><p class="m-body" dir="auto"><%= m.body %></p><% if (m.attachments) { %><%~ include('@attachments/attachment-list', { ...m.attachments, i18n: it.i18n }) %><% } %><% } %>
<% if (m.edited) { %><p class="m-meta" data-messaging-edited><%= it.i18n.t('messages.messageEdited') %></p><% } %>
<% if (m.reportHref) { %><p class="m-meta"><a href="<%= m.reportHref %>" data-messaging-report-link><%= it.i18n.t('messages.messageReport') %></a></p><% } %>
<% if (m.deleteHref) { %><p class="m-meta"><% if (m.editHref) { %><a href="<%= m.editHref %>" data-messaging-edit-link><%= it.i18n.t('messages.messageEdit') %></a> · <% } %><a href="<%= m.deleteHref %>" data-messaging-delete-link><%= it.i18n.t('messages.messageDelete') %></a></p><% } %>
</li>
<% for (const line of m.systemLines) { %><%~ include('@conversations/system-line', { ...line, i18n: it.i18n }) %><% } %>
<% }) %>
</ol>
<% if (!it.isLatestPage) { %><nav class="m-pager" aria-label="<%= it.i18n.t('messages.threadLaterLabel') %>"><a href="<%= it.latestHref %>"><%= it.i18n.t('messages.threadLatestLink') %></a></nav><% } %>
<h2 id="messaging-reply-title"><%= it.i18n.t('messages.threadReplyHeading') %></h2>
<% if (it.errors.form) { %><p class="m-error" role="alert" id="messaging-form-error"><%= it.errors.form %></p><% } %>
<form method="post" action="<%= it.action %>"<% if (it.fileInput) { %> enctype="multipart/form-data"<% } %> aria-labelledby="messaging-reply-title" novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<label for="messaging-body"><%= it.i18n.t('messages.bodyLabel') %></label>
<textarea id="messaging-body" name="body" rows="4" dir="auto"<% if (!it.fileInput) { %> required<% } %> maxlength="<%= it.maxMessageLength %>"<% if (it.errors.body) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.errors.body) { %><p class="m-error" id="messaging-body-error"><%= it.errors.body %></p><% } %>
<% if (it.fileInput) { %><%~ include('@attachments/file-input', { ...it.fileInput, i18n: it.i18n }) %><% } %>
<button type="submit"><%= it.i18n.t('messages.threadSend') %></button>
</form>
</div>`;
