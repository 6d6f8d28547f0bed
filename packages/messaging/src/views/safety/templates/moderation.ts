import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';
import type { ModerationBody } from './moderation-body.js';

/** One open report with the messages around the reported one. */
export interface ModerationReport {
  /** The report's id (`data-report-id`). */
  id: string;
  /** Where the decisions post. */
  action: string;
  /** The reason the reporter chose, in the moderator's words. */
  reasonLabel: string;
  /** The sender's name in a `<bdi>`. */
  senderHtml: SafeHtml;
  /** The reporter's name in a `<bdi>`. */
  reporterHtml: SafeHtml;
  /** When the report was made (ISO 8601; show it with `it.i18n.dateTime`). */
  createdAt: string;
  /** The reporter's note in a `<bdi>`, or null. */
  noteHtml: SafeHtml | null;
  /** The reported message and the messages around it, oldest first; `senderHtml` null for a deleted member. */
  messages: Array<{ id: string; reported: boolean; senderHtml: SafeHtml | null; createdAt: string; body: ModerationBody }>;
  /** The confirmation pages of the two decisions that cannot be undone; remove is null when the message is gone already. */
  removeHref: string | null;
  /** The confirmation page of stopping the sender from messaging. */
  suspendHref: string;
}

/** Data of `safety/moderation`. */
export interface ModerationData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The admin page with the switch. */
  settingsHref: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The decision just taken (after the redirect), said once at the top. */
  done: 'dismiss' | 'delete_message' | 'suspend_sender' | 'unsuspend' | null;
  /** The open reports of this page, oldest first. */
  reports: ModerationReport[];
  /** The next page of reports, or null on the last page. */
  moreHref: string | null;
  /** Members stopped from messaging: name in a `<bdi>`, since when (a `<time>`), where "let them message again" posts. */
  suspensions: Array<{ userId: string; nameHtml: SafeHtml; sinceHtml: SafeHtml; unsuspendAction: string }>;
}

/**
 * The moderators' review page: open reports (oldest first) with their context and three
 * decisions, then the suspended members. Dismissing is undone by the next report; removing
 * and stopping are not, so they are red links to a confirmation page (no script needed).
 */
export const MODERATION_TEMPLATE = `<% const done = { dismiss: 'moderation.doneDismiss', delete_message: 'moderation.doneRemove', suspend_sender: 'moderation.doneSuspend', unsuspend: 'moderation.doneUnsuspend' }; %>
<section class="messaging messaging-moderation" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<div class="m-toolbar"><h1><%= it.i18n.t('moderation.reportsTitle') %></h1><a href="<%= it.settingsHref %>"><%= it.i18n.t('moderation.backToSettings') %></a></div>
<% if (it.done) { %><p role="status" data-messaging-report-done><%= it.i18n.t(done[it.done]) %></p>
<% } %><% if (it.reports.length === 0) { %><p class="m-empty" data-messaging-no-reports><%= it.i18n.t('moderation.noReports') %></p>
<% } else { %><ol class="m-reports">
<% for (const r of it.reports) { %><li class="m-report" data-report-id="<%= r.id %>">
<h2><%= it.i18n.html('moderation.reportHeading', { reason: r.reasonLabel, sender: r.senderHtml, reporter: r.reporterHtml }) %></h2>
<p class="m-meta"><time datetime="<%= r.createdAt %>"><%= it.i18n.dateTime(r.createdAt) %></time></p>
<% if (r.noteHtml) { %><p><%= it.i18n.html('moderation.reportNote', { name: r.reporterHtml, note: r.noteHtml }) %></p>
<% } %><ol class="m-messages" aria-label="<%= it.i18n.t('moderation.contextLabel') %>"><% for (const m of r.messages) { %><li class="m-message<%= m.reported ? ' m-reported' : '' %>"<% if (m.reported) { %> aria-current="true"<% } %>>
<p class="m-meta"><%= m.senderHtml ?? it.i18n.t('moderation.deletedUser') %> · <time datetime="<%= m.createdAt %>"><%= it.i18n.dateTime(m.createdAt) %></time><% if (m.reported) { %> · <strong><%= it.i18n.t('moderation.reportedMarker') %></strong><% } %></p>
<%~ include('@safety/moderation-body', { i18n: it.i18n, body: m.body }) %></li><% } %></ol>
<div class="m-controls" role="group" aria-label="<%= it.i18n.t('moderation.decisionLabel') %>">
<%~ include('@safety/post-button', { i18n: it.i18n, action: r.action, csrfToken: it.csrfToken, label: it.i18n.t('moderation.dismiss'), fields: [{ name: 'action', value: 'dismiss' }] }) %>

<% if (r.removeHref) { %><a class="m-danger" href="<%= r.removeHref %>"><%= it.i18n.t('moderation.removeLink') %></a>
<% } %><a class="m-danger" href="<%= r.suspendHref %>"><%= it.i18n.html('moderation.suspendLink', { name: r.senderHtml }) %></a>
</div>
</li>
<% } %></ol>
<% } %><% if (it.moreHref) { %><nav class="m-pager"><a href="<%= it.moreHref %>" rel="next"><%= it.i18n.t('moderation.moreReports') %></a></nav>
<% } %><h2><%= it.i18n.t('moderation.suspendedHeading') %></h2>
<% if (it.suspensions.length === 0) { %><p class="m-empty"><%= it.i18n.t('moderation.suspendedNobody') %></p>
<% } else { %><ul><% for (const s of it.suspensions) { %><li data-suspended-id="<%= s.userId %>"><%= it.i18n.html('moderation.suspendedSince', { name: s.nameHtml, time: s.sinceHtml }) %> <%~ include('@safety/post-button', { i18n: it.i18n, action: s.unsuspendAction, csrfToken: it.csrfToken, label: it.i18n.html('moderation.unsuspendButton', { name: s.nameHtml }) }) %></li><% } %></ul>
<% } %></section>`;
