import { LIMIT_BOUNDS, type SendingLimits } from '../../services/settings/admin-limits.js';
import { html, type SafeHtml } from '../text/escape-html.js';

const FIELDS: Array<{ name: keyof SendingLimits; label: string }> = [
  { name: 'messagesPerMinute', label: 'Messages per minute, per member' },
  { name: 'newThreadsPerDay', label: 'New conversations per day, per member' },
  { name: 'maxGroupParticipants', label: 'Most other members in a group conversation' },
];

/** The admins' form for the sending limits; a blank field goes back to the default shown. */
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
<input type="hidden" name="_csrf" value="${input.csrfToken}">
${FIELDS.map(({ name, label }) => {
  const id = `messaging-limit-${name}`;
  const error = input.errors[name];
  return html`<label for="${id}">${label} (default ${input.defaults[name]})</label>
<input type="number" id="${id}" name="${name}" value="${input.values[name]}" min="${LIMIT_BOUNDS[name].min}" max="${LIMIT_BOUNDS[name].max}" step="1"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${error ? html`<p class="m-error" id="${`${id}-error`}">${error}</p>` : ''}`;
})}
<button type="submit">Save limits</button>
</fieldset>
</form>`;
}
