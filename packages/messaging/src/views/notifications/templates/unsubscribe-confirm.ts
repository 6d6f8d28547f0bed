/**
 * The confirmation page of an unsubscribe link: one button that posts the RFC 8058 one-click
 * body to the same signed URL. No `_csrf` field: the signed token in the URL is the proof.
 */
export const UNSUBSCRIBE_CONFIRM_TEMPLATE = `<div class="messaging messaging-unsubscribe" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('mail.unsubscribeConfirmTitle') %></h1>
<p><%= it.i18n.t('mail.unsubscribeConfirmText') %></p>
<form method="post" action="<%= it.action %>" data-messaging-unsubscribe>
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit"><%= it.i18n.t('mail.unsubscribeButton') %></button>
</form>
</div>`;
