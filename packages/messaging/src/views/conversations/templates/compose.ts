import type { Translator } from '../../i18n/translator.js';
import type { SafeHtml } from '../../text/escape-html.js';
import type { FileInputData } from '../../attachments/templates/file-input.js';

/**
 * The compose page: who to write to, an optional subject, the message. Data: {@link ComposeData}.
 * Every word comes from the catalogue's `conversations` section. The form shows once someone
 * is chosen (from a profile's Message button or the recipient picker, its own GET form, shown
 * when the host gives `users.search`), or when a sent form comes back with an error. Each error
 * sits next to its field and is tied to it with aria-describedby; what the member typed is kept.
 * Names sit in `<bdi>` and fields have `dir="auto"`, so bidi controls in member text cannot
 * reorder the page. `recipientsHtml` and `contextTitleHtml` are SafeHtml: markup built with the
 * escaping `html` tag. The file input is `@attachments/file-input`, included while attachments are on.
 */
export const COMPOSE_TEMPLATE = `<div class="messaging messaging-compose" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h1><%= it.i18n.t('conversations.composeHeading') %></h1>
<% if (it.contextInfo) { %><p class="m-context" data-messaging-context><%= it.i18n.html('conversations.aboutContext', { title: it.contextTitleHtml }) %></p>
<% } %>
<% if (it.errors.form) { %><p class="m-error" role="alert" id="messaging-form-error"><%= it.errors.form %></p><% } %>
<% if (it.recipients.length > 0) { %>
<p><span class="m-label"><%= it.i18n.t('conversations.composeToLabel') %> </span><%= it.recipientsHtml %></p>
<% } %>
<% if (it.picker) { %>
<form method="get" action="<%= it.picker.action %>" class="m-search m-picker" role="search">
<% for (const id of it.picker.chosenIds) { %><input type="hidden" name="to" value="<%= id %>">
<% } %>
<% if (it.context) { %><input type="hidden" name="contextType" value="<%= it.context.type %>"><input type="hidden" name="contextId" value="<%= it.context.id %>">
<% } %>
<label for="messaging-recipient-search"><%= it.i18n.t(it.recipients.length > 0 ? 'conversations.composeAddSomeone' : 'conversations.composeWhoTo') %></label>
<input type="search" id="messaging-recipient-search" name="q" value="<%= it.picker.q %>" dir="auto" maxlength="<%= it.picker.maxLength %>" autocomplete="off" data-messaging-recipient-search="<%= it.picker.apiUrl %>"<% if (it.picker.error) { %> aria-invalid="true" aria-describedby="messaging-recipient-error"<% } %>>
<button type="submit"><%= it.i18n.t('conversations.composeFind') %></button>
<% if (it.picker.error) { %><p class="m-error" id="messaging-recipient-error"><%= it.picker.error %></p><% } %>
</form>
<div class="m-picker-results" data-messaging-recipient-results>
<% if (it.picker.results) { %>
<% if (it.picker.results.length === 0) { %><p><%= it.i18n.html('conversations.composeNoMatch', { query: it.picker.qHtml }) %></p>
<% } else { %><ul class="m-people">
<% for (const p of it.picker.results) { %><li><% if (p.avatarSrc) { %><img class="m-avatar" src="<%= p.avatarSrc %>" alt="" width="24" height="24" loading="lazy"> <% } %><a href="<%= p.chooseHref %>"><%= it.i18n.html(it.recipients.length > 0 ? 'conversations.composeAdd' : 'conversations.composeWriteTo', { name: p.nameHtml }) %></a></li>
<% } %></ul>
<% } %>
<% } %>
</div>
<% } else if (it.recipients.length === 0) { %>
<p class="m-hint"><%= it.i18n.html('conversations.composeFromProfile', { button: it.profileButtonHtml }) %></p>
<% } %>
<% if (it.showForm) { %>
<form method="post" action="<%= it.action %>"<% if (it.fileInput) { %> enctype="multipart/form-data"<% } %> novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% if (it.context) { %><input type="hidden" name="contextType" value="<%= it.context.type %>"><input type="hidden" name="contextId" value="<%= it.context.id %>">
<% } %>
<% for (const r of it.recipients) { %><input type="hidden" name="to" value="<%= r.id %>">
<% } %>
<% if (it.errors.to) { %><p class="m-error" id="messaging-to-error"><%= it.errors.to %></p><% } %>
<label for="messaging-subject"><%= it.i18n.t('conversations.composeSubject') %></label>
<input type="text" id="messaging-subject" name="subject" value="<%= it.subject %>" dir="auto" maxlength="<%= it.maxSubjectLength %>"<% if (it.errors.subject) { %> aria-invalid="true" aria-describedby="messaging-subject-error"<% } %>>
<% if (it.errors.subject) { %><p class="m-error" id="messaging-subject-error"><%= it.errors.subject %></p><% } %>
<label for="messaging-body"><%= it.i18n.t('conversations.composeMessage') %></label>
<textarea id="messaging-body" name="body" rows="6" dir="auto"<% if (!it.fileInput) { %> required<% } %> maxlength="<%= it.maxMessageLength %>"<% if (it.errors.body) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.errors.body) { %><p class="m-error" id="messaging-body-error"><%= it.errors.body %></p><% } %>
<% if (it.fileInput) { %><%~ include('@attachments/file-input', { ...it.fileInput, i18n: it.i18n }) %><% } %>
<button type="submit"><%= it.i18n.t('conversations.composeSend') %></button>
</form>
<% } %>
<p><a href="<%= it.inboxHref %>"><%= it.i18n.t('conversations.backToInbox') %></a></p>
</div>`;

/** A chosen recipient of the compose form. */
export interface ComposeRecipientData {
  /** The member id, sent again as a hidden `to` field. */
  id: string;
  /** Member text: their name. */
  displayName: string;
  /** Their profile (a safe URL), or null. */
  profileUrl: string | null;
}

/** The recipient picker: its GET form and what it found. */
export interface ComposePickerData {
  /** The picker's GET form: the compose page itself. */
  action: string;
  /** The JSON search the page script asks for suggestions. */
  apiUrl: string;
  /** What was typed, kept in the field. */
  q: string;
  /** {@link q} in a `<bdi>`, for `conversations.composeNoMatch`. */
  qHtml: SafeHtml;
  /** The longest search text. */
  maxLength: number;
  /** Who is chosen already (sent again as hidden `to` fields). */
  chosenIds: string[];
  /** Why the search was refused (next to the field), or null. */
  error: string | null;
  /** Members found (null before a search). */
  results: Array<{ displayName: string; nameHtml: SafeHtml; avatarSrc: string | null; chooseHref: string }> | null;
}

/** What `conversations/compose` is rendered with (`i18n`: the TemplateBase shape, see InboxData). */
export interface ComposeData {
  i18n: Translator;
  /** Where the form posts (a new conversation). */
  action: string;
  /** The inbox, for the link back. */
  inboxHref: string;
  /** The form's `_csrf` field. */
  csrfToken: string;
  /** Who the message goes to, when chosen (empty: nobody yet, or not found). */
  recipients: ComposeRecipientData[];
  /** The recipients' names joined in the member's language, each a profile link or a `<bdi>`. */
  recipientsHtml: SafeHtml;
  /** The recipient picker, when the host gave `users.search`; null: conversations start from profiles. */
  picker: ComposePickerData | null;
  /** The profiles' Message button (`partials.messageButton`) in bold, for `conversations.composeFromProfile`. */
  profileButtonHtml: SafeHtml;
  /** Whether the message form shows: someone is chosen, or a sent form came back. */
  showForm: boolean;
  /** Member text: the subject as typed (kept when the form comes back). */
  subject: string;
  /** Member text: the message as typed. */
  body: string;
  /** Errors next to their fields, in the member's words (`form`: above the form). */
  errors: { to?: string; subject?: string; body?: string; form?: string };
  /** The longest message, in characters. */
  maxMessageLength: number;
  /** The longest subject, in characters. */
  maxSubjectLength: number;
  /** What the conversation is about, sent on as hidden fields. */
  context: { type: string; id: string } | null;
  /** The host's title and link of the context, shown above the form (null: none). */
  contextInfo: { title: string; url: string | null } | null;
  /** The context's title in a `<bdi>`, a link when the host gave a url. */
  contextTitleHtml: SafeHtml;
  /** The form's file input (`@attachments/file-input`); null when attachments are off (the form stays urlencoded). */
  fileInput: Omit<FileInputData, 'i18n'> | null;
}
