import type { Translator } from '../../i18n/translator.js';
import type { WhoCanMessage } from '../../../db/schema.js';
import type { NotificationMode } from '../../../notification-types.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** Data of `safety/preferences`. */
export interface PreferencesData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** Where the form posts (`<base>/preferences`). */
  action: string;
  /** The inbox (`<base>/`). */
  inboxHref: string;
  /** The Archived view. */
  archivedHref: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** Who may start a conversation with the member now: `everyone`, `contacts` or `nobody`. */
  whoCanMessage: WhoCanMessage;
  /** The member's mail choice; null when the host sends no notifications (no fieldset then). */
  notifications: NotificationMode | null;
  /** The members the viewer blocked, each name in a `<bdi>`. */
  blocked: Array<{ id: string; nameHtml: SafeHtml; unblockAction: string }>;
  /** The form was just saved (after its redirect). */
  saved: boolean;
  /** The form came back without a valid "who may message me" choice. */
  whoError: boolean;
  /** The form came back without a valid mail choice. */
  notifyError: boolean;
}

/**
 * The member's messaging settings: who may start a conversation with them, how they hear
 * about unread messages (when the host sends mail), and the members they blocked.
 */
export const PREFERENCES_TEMPLATE = `<div class="messaging messaging-preferences" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<div class="m-toolbar"><h1><%= it.i18n.t('safety.preferencesTitle') %></h1><a href="<%= it.inboxHref %>"><%= it.i18n.t('safety.backToMessages') %></a></div>
<% if (it.saved) { %><p role="status" data-messaging-saved><%= it.i18n.t('safety.saved') %></p>
<% } %><form method="post" action="<%= it.action %>" data-messaging-preferences>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<fieldset<% if (it.whoError) { %> aria-describedby="messaging-who-error"<% } %>>
<legend><%= it.i18n.t('safety.whoLegend') %></legend>
<% for (const [value, key] of [['everyone', 'safety.whoEveryone'], ['contacts', 'safety.whoContacts'], ['nobody', 'safety.whoNobody']]) { %><label><input type="radio" name="whoCanMessage" value="<%= value %>"<% if (value === it.whoCanMessage) { %> checked<% } %>> <%= it.i18n.t(key) %></label><br>
<% } %></fieldset>
<% if (it.whoError) { %><p class="m-error" id="messaging-who-error" role="alert"><%= it.i18n.t('safety.whoError') %></p>
<% } %><% if (it.notifications) { %><fieldset<% if (it.notifyError) { %> aria-describedby="messaging-notify-error"<% } %> data-messaging-notifications>
<legend><%= it.i18n.t('safety.notifyLegend') %></legend>
<% for (const [value, key] of [['off', 'safety.notifyOff'], ['conversation', 'safety.notifyConversation'], ['digest', 'safety.notifyDigest']]) { %><label><input type="radio" name="notifications" value="<%= value %>"<% if (value === it.notifications) { %> checked<% } %>> <%= it.i18n.t(key) %></label><br>
<% } %></fieldset>
<% if (it.notifyError) { %><p class="m-error" id="messaging-notify-error" role="alert"><%= it.i18n.t('safety.notifyError') %></p>
<% } %><% } %><button type="submit"><%= it.i18n.t('safety.preferencesSave') %></button>
</form>
<h2><%= it.i18n.t('safety.blockedHeading') %></h2>
<% if (it.blocked.length === 0) { %><p class="m-empty"><%= it.i18n.t('safety.blockedEmpty') %></p>
<% } else { %><ul class="m-blocked"><% for (const p of it.blocked) { %><li data-blocked-id="<%= p.id %>"><%= p.nameHtml %> <%~ include('@safety/post-button', { i18n: it.i18n, action: p.unblockAction, csrfToken: it.csrfToken, label: it.i18n.html('safety.unblockButton', { name: p.nameHtml }) }) %></li><% } %></ul>
<% } %><p><a href="<%= it.archivedHref %>"><%= it.i18n.t('safety.archivedTitle') %></a></p>
</div>`;
