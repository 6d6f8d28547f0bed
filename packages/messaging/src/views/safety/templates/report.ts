import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** Data of `safety/report`. */
export interface ReportData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** Sent: the thank-you instead of the form. */
  sent: boolean;
  /** Where the report form posts. */
  action: string;
  /** The message in its conversation. */
  threadHref: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The sender's name in a `<bdi>`. */
  senderHtml: SafeHtml;
  /** The reported message: when it was sent (ISO 8601) and its text (member text). */
  message: { createdAt: string; body: string };
  /** The reasons in the form's order, each with its words. */
  reasons: Array<{ value: string; label: string }>;
  /** The reason the member chose, checked again after an error ('' at first). */
  reason: string;
  /** The note the member typed, shown again after an error (member text). */
  note: string;
  /** The longest note, in characters (the textarea's `maxlength`). */
  maxNoteLength: number;
  /** What is wrong with the reason, in the member's words, or null. */
  reasonError: string | null;
  /** What is wrong with the note, in the member's words, or null. */
  noteError: string | null;
}

/** The report form for one message, or the thank-you once it was sent. */
export const REPORT_TEMPLATE = `<div class="messaging messaging-report" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<% if (it.sent) { %><h1><%= it.i18n.t('safety.reportThanks') %></h1>
<p role="status" data-messaging-report-sent><%= it.i18n.t('safety.reportSent') %></p>
<% } else { %><h1><%= it.i18n.t('safety.reportTitle') %></h1>
<blockquote class="m-message"><p class="m-meta"><%= it.senderHtml %> · <time datetime="<%= it.message.createdAt %>"><%= it.i18n.dateTime(it.message.createdAt) %></time></p><p class="m-body" dir="auto"><%= it.message.body %></p></blockquote>
<form method="post" action="<%= it.action %>" data-messaging-report-form novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<fieldset<% if (it.reasonError) { %> aria-describedby="messaging-reason-error"<% } %>>
<legend><%= it.i18n.t('safety.reportReasonLegend') %></legend>
<% for (const r of it.reasons) { %><label><input type="radio" name="reason" value="<%= r.value %>" required<% if (r.value === it.reason) { %> checked<% } %>> <%= r.label %></label><br>
<% } %></fieldset>
<% if (it.reasonError) { %><p class="m-error" id="messaging-reason-error"><%= it.reasonError %></p>
<% } %><label for="messaging-note"><%= it.i18n.t('safety.reportNoteLabel') %></label>
<textarea id="messaging-note" name="note" rows="3" dir="auto" maxlength="<%= it.maxNoteLength %>"<% if (it.noteError) { %> aria-invalid="true" aria-describedby="messaging-note-error"<% } %>><%= it.note %></textarea>
<% if (it.noteError) { %><p class="m-error" id="messaging-note-error"><%= it.noteError %></p>
<% } %><button type="submit"><%= it.i18n.t('safety.reportSend') %></button>
</form>
<% } %><p><a href="<%= it.threadHref %>"><%= it.i18n.t('safety.reportBack') %></a></p>
</div>`;
