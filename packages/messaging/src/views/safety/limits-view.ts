import { LIMIT_BOUNDS, type SendingLimits } from '../../services/settings/admin-limits.js';
import { html, type SafeHtml } from '../text/escape-html.js';

const FIELDS: Array<{ name: keyof SendingLimits; label: string }> = [
  { name: 'messagesPerMinute', label: 'Messages per minute, per member' },
  { name: 'newThreadsPerDay', label: 'New conversations per day, per member' },
  { name: 'maxGroupParticipants', label: 'Most other members in a group conversation' },
];

/**
 * The admins' form for the sending limits; a blank field goes back to the default shown. It
 * renders inside the host's admin page, outside the package's stylesheet, so it reads well
 * unstyled: one paragraph a field, the label above its box, the default beside it.
 */
export function limitsFormHtml(input: {
  action: string;
  csrfToken: string;
  values: Record<keyof SendingLimits, string>;
  defaults: SendingLimits;
  errors: Partial<Record<keyof SendingLimits, string>>;
  saved: boolean;
}): SafeHtml {
  return html`<form method="post" action="${input.action}" class="messaging-admin-limits" data-messaging-admin-limits novalidate>
<fieldset>
<legend>Sending limits</legend>
${input.saved ? html`<p role="status">Saved.</p>` : ''}
<p>Leave a field blank for its default.</p>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
${FIELDS.map(({ name, label }) => {
  const id = `messaging-limit-${name}`;
  const error = input.errors[name];
  const describedBy = error ? `${id}-hint ${id}-error` : `${id}-hint`;
  return html`<p class="messaging-admin-field"><label for="${id}">${label}</label><br>
<input type="number" id="${id}" name="${name}" value="${input.values[name]}" min="${LIMIT_BOUNDS[name].min}" max="${LIMIT_BOUNDS[name].max}" step="1" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}>
<span id="${`${id}-hint`}">Default: ${input.defaults[name].toLocaleString('en')}</span></p>
${error ? html`<p class="m-error" id="${`${id}-error`}">${error}</p>` : ''}`;
})}
<p><button type="submit">Save limits</button></p>
</fieldset>
</form>`;
}
