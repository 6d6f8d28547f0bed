/** After unsubscribing: what changed, and where to turn mail on again (`settingsLink`: the link to the preferences). */
export const UNSUBSCRIBE_DONE_TEMPLATE = `<div class="messaging messaging-unsubscribe" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('mail.unsubscribeDoneTitle') %></h1>
<p role="status" data-messaging-unsubscribed><%= it.i18n.t('mail.unsubscribeDoneText') %></p>
<p><%= it.i18n.html('mail.unsubscribeUndo', { link: it.settingsLink }) %></p>
</div>`;
