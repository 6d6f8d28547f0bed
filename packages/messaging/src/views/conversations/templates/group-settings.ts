import type { Translator } from '../../i18n/translator.js';

/** What `conversations/group-settings` is rendered with (built by ../group-settings-view.ts). */
export interface GroupSettingsData {
  i18n: Translator;
  threadHref: string;
  addAction: string;
  renameAction: string;
  csrfToken: string;
  members: Array<{ displayName: string }>;
  /** The most members the group may have, the viewer included. */
  maxMembers: number;
  /** No room for anyone else: the add form is disabled. */
  full: boolean;
  /** What the member typed, kept after a refused change. */
  userIds: string;
  subject: string;
  errors: { userIds?: string; subject?: string };
  maxSubjectLength: number;
}

/**
 * The page behind a group's "Members and name" link: who is in it, a form to add members by
 * id and a form to rename it. Plain forms with `_csrf`: they work without JavaScript. Names
 * are member text, each in `<bdi>`; the typed name keeps `dir="auto"`.
 */
export const GROUP_SETTINGS_TEMPLATE = `<div class="messaging messaging-group-settings" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>" data-messaging-group-settings>
<p><a href="<%= it.threadHref %>"><%= it.i18n.t('messages.groupBackToThread') %></a></p>
<h1><%= it.i18n.t('messages.groupTitle') %></h1>
<h2><%= it.i18n.t('messages.groupMembersHeading', { count: it.members.length, max: it.maxMembers }) %></h2>
<ul class="m-members"><% for (const p of it.members) { %><li><bdi><%= p.displayName %></bdi></li><% } %></ul>
<h2 id="messaging-add-title"><%= it.i18n.t('messages.groupAddHeading') %></h2>
<p class="m-meta"><%= it.i18n.t('messages.groupAddHint') %></p>
<form method="post" action="<%= it.addAction %>" aria-labelledby="messaging-add-title" data-messaging-add-members novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<label for="messaging-user-ids"><%= it.i18n.t('messages.groupAddLabel') %></label>
<input id="messaging-user-ids" name="userIds" value="<%= it.userIds %>"<% if (it.full) { %> disabled<% } %><% if (it.errors.userIds) { %> aria-invalid="true" aria-describedby="messaging-user-ids-error"<% } %>>
<% if (it.errors.userIds) { %><p class="m-error" id="messaging-user-ids-error"><%= it.errors.userIds %></p>
<% } %><button type="submit"<% if (it.full) { %> disabled<% } %>><%= it.i18n.t('messages.groupAddButton') %></button>
</form>
<h2 id="messaging-rename-title"><%= it.i18n.t('messages.groupRenameHeading') %></h2>
<form method="post" action="<%= it.renameAction %>" aria-labelledby="messaging-rename-title" data-messaging-rename novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<label for="messaging-subject"><%= it.i18n.t('messages.groupRenameLabel') %></label>
<input id="messaging-subject" name="subject" dir="auto" maxlength="<%= it.maxSubjectLength %>" value="<%= it.subject %>"<% if (it.errors.subject) { %> aria-invalid="true" aria-describedby="messaging-subject-error"<% } %>>
<% if (it.errors.subject) { %><p class="m-error" id="messaging-subject-error"><%= it.errors.subject %></p>
<% } %><button type="submit"><%= it.i18n.t('messages.groupRenameButton') %></button>
</form>
</div>`;
