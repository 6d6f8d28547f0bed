import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** What `conversations/message-edit` is rendered with (built by ../message-edit-view.ts). */
export interface MessageEditData {
  i18n: Translator;
  /** The edit window has closed: no form, `closedMessage` instead. */
  closed: boolean;
  closedMessage: string;
  threadHref: string;
  action: string;
  /** When it was sent and until when it may be edited, each a `<time>` in the member's zone. */
  sentHtml: SafeHtml;
  untilHtml: SafeHtml;
  csrfToken: string;
  /** The text as it is, or as typed when the form failed. */
  body: string;
  error: string | null;
  maxMessageLength: number;
}

/**
 * The edit form of one's own message (works without JavaScript): the text, the time it may be
 * edited until and the error next to the text box. Past the edit window it says so and offers
 * no form (`data-messaging-edit-closed`).
 */
export const MESSAGE_EDIT_TEMPLATE = `<div class="messaging messaging-edit" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('messages.editTitle') %></h1>
<% if (it.closed) { %><p class="m-error" role="alert" data-messaging-edit-closed><%= it.closedMessage %></p>
<p><a href="<%= it.threadHref %>"><%= it.i18n.t('messages.editBackToThread') %></a></p>
<% } else { %><p class="m-meta"><%= it.i18n.html('messages.editSentUntil', { sent: it.sentHtml, until: it.untilHtml }) %></p>
<form method="post" action="<%= it.action %>" data-messaging-edit-form novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<label for="messaging-body"><%= it.i18n.t('messages.bodyLabel') %></label>
<textarea id="messaging-body" name="body" rows="4" dir="auto" required maxlength="<%= it.maxMessageLength %>"<% if (it.error) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.error) { %><p class="m-error" role="alert" id="messaging-body-error"><%= it.error %></p>
<% } %><button type="submit"><%= it.i18n.t('messages.editSave') %></button>
</form>
<p><a href="<%= it.threadHref %>"><%= it.i18n.t('messages.cancel') %></a></p>
<% } %></div>`;
