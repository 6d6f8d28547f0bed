import type { Translator } from '../../i18n/translator.js';

/** What `conversations/message-delete` is rendered with (built by ../message-edit-view.ts). */
export interface MessageDeleteData {
  i18n: Translator;
  action: string;
  threadHref: string;
  csrfToken: string;
  /** The message as it stands: when it was sent and its text (member text). */
  createdAt: string;
  body: string;
}

/** The confirmation before deleting one's own message (a form post, so it works without JavaScript). */
export const MESSAGE_DELETE_TEMPLATE = `<div class="messaging messaging-delete" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('messages.deleteHeading') %></h1>
<blockquote class="m-message"><p class="m-meta"><time datetime="<%= it.createdAt %>"><%= it.i18n.dateTime(it.createdAt) %></time></p><p class="m-body" dir="auto"><%= it.body %></p></blockquote>
<p><%= it.i18n.t('messages.deleteExplain') %></p>
<form method="post" action="<%= it.action %>" data-messaging-delete-form>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<button type="submit"><%= it.i18n.t('messages.deleteButton') %></button>
</form>
<p><a href="<%= it.threadHref %>"><%= it.i18n.t('messages.cancel') %></a></p>
</div>`;
