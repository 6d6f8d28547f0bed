import type { Translator } from '../../i18n/translator.js';

/** One limit of the form. */
export interface LimitField {
  /** The field's name (`messagesPerMinute`). */
  name: string;
  /** The field's label, in the admin's words. */
  label: string;
  /** What the box holds: the stored value, blank for the default, or what the admin typed. */
  value: string;
  /** The smallest value allowed. */
  min: number;
  /** The largest value allowed. */
  max: number;
  /** The value a blank field means. */
  defaultValue: number;
  /** What is wrong with the value typed, in the admin's words, or null. */
  error: string | null;
}

/** Data of `safety/limits-form`. */
export interface LimitsFormData {
  /** The reader's words, numbers and times. */
  i18n: Translator;
  /** Where the form posts (the admin router's `/limits`, or the host's own route). */
  action: string;
  /** The `_csrf` value every form of the page carries. */
  csrfToken: string;
  /** The limits were just saved (after the redirect). */
  saved: boolean;
  /** The limits, in the form's order. */
  fields: LimitField[];
}

/**
 * The admins' form for the sending limits; a blank field goes back to the default shown. It
 * also renders inside the host's admin page, outside the package's stylesheet, so it reads
 * well unstyled: one paragraph a field, the label above its box, the default beside it.
 */
export const LIMITS_FORM_TEMPLATE = `<form method="post" action="<%= it.action %>" class="messaging-admin-limits" data-messaging-admin-limits novalidate lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<fieldset>
<legend><%= it.i18n.t('moderation.limitsTitle') %></legend>
<% if (it.saved) { %><p role="status"><%= it.i18n.t('moderation.limitsSaved') %></p>
<% } %><p><%= it.i18n.t('moderation.limitsBlankHint') %></p>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% for (const f of it.fields) { const id = 'messaging-limit-' + f.name; %><p class="messaging-admin-field"><label for="<%= id %>"><%= f.label %></label><br>
<input type="number" id="<%= id %>" name="<%= f.name %>" value="<%= f.value %>" min="<%= f.min %>" max="<%= f.max %>" step="1" aria-describedby="<%= id %>-hint<% if (f.error) { %> <%= id %>-error<% } %>"<% if (f.error) { %> aria-invalid="true"<% } %>>
<span id="<%= id %>-hint"><%= it.i18n.t('moderation.limitDefault', { value: it.i18n.number(f.defaultValue) }) %></span></p>
<% if (f.error) { %><p class="m-error" id="<%= id %>-error"><%= f.error %></p>
<% } %><% } %><p><button type="submit"><%= it.i18n.t('moderation.limitsSave') %></button></p>
</fieldset>
</form>`;
