/**
 * The body of the page shown for an error on an HTML route: the heading (also the document
 * title) and the member's words for what went wrong, in an alert; a link back to the inbox
 * where there is one to go to.
 */
export const ERROR_TEMPLATE = `<section class="messaging messaging-error" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>" aria-labelledby="messaging-error-title">
<h1 id="messaging-error-title"><%= it.title %></h1>
<p role="alert"><%= it.message %></p>
<% if (it.inboxHref) { %><p><a href="<%= it.inboxHref %>"><%= it.i18n.t('errors.backToInbox') %></a></p>
<% } %></section>`;
