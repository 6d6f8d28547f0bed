import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';

/** Data of `safety/block`. */
export interface BlockData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** The member's name in a `<bdi>`. */
  nameHtml: SafeHtml;
  /** The member's id (the Block form's `userId`). */
  memberId: string;
  /** Whether the viewer blocks them now. */
  blocked: boolean;
  /** What the viewer just did (the page after the form's redirect). */
  done: 'blocked' | 'unblocked' | null;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** Where the Block form posts (`<base>/blocks`). */
  blockAction: string;
  /** Where the Unblock form posts. */
  unblockAction: string;
  /** The member's profile on the host site, when it is a safe link. */
  profileHref: string | null;
  /** The settings page, which lists the blocked members. */
  preferencesHref: string;
  /** The inbox (`<base>/`). */
  inboxHref: string;
}

/**
 * The block / unblock page: what blocking does, then one button. After an unblock it says
 * so and offers no Block button (blocking again is one click away on the profile).
 */
export const BLOCK_TEMPLATE = `<% const name = it.nameHtml; const justUnblocked = !it.blocked && it.done === 'unblocked'; %>
<div class="messaging messaging-block" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.html(it.blocked ? 'safety.blockIsBlocked' : justUnblocked ? 'safety.blockIsUnblocked' : 'safety.blockTitle', { name }) %></h1>
<% if (it.done === 'blocked') { %><p role="status"><%= it.i18n.html('safety.blockDoneBlocked', { name }) %></p>
<% } else if (it.done === 'unblocked') { %><p role="status"><%= it.i18n.html('safety.blockDoneUnblocked', { name }) %></p>
<% } %><p><%= it.i18n.html(justUnblocked ? 'safety.blockExplainUnblocked' : it.blocked ? 'safety.blockExplainBlocked' : 'safety.blockExplain', { name }) %></p>
<% if (it.blocked) { %><%~ include('@safety/post-button', { i18n: it.i18n, action: it.unblockAction, csrfToken: it.csrfToken, label: it.i18n.html('safety.unblockButton', { name }), marker: 'data-messaging-block-form' }) %>

<% } else if (!justUnblocked) { %><%~ include('@safety/post-button', { i18n: it.i18n, action: it.blockAction, csrfToken: it.csrfToken, label: it.i18n.html('safety.blockButton', { name }), fields: [{ name: 'userId', value: it.memberId }], marker: 'data-messaging-block-form' }) %>

<% } %><p><% if (it.profileHref) { %><a href="<%= it.profileHref %>"><%= it.i18n.html('safety.blockBackToProfile', { name }) %></a> · <% } %><a href="<%= it.preferencesHref %>"><%= it.i18n.t('safety.blockYourBlocked') %></a> · <a href="<%= it.inboxHref %>"><%= it.i18n.t('safety.blockYourMessages') %></a></p>
</div>`;
