import type { WhoCanMessage } from '../../db/schema.js';
import type { NotificationMode } from '../../notification-types.js';
import type { Participant } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';
import { postButton } from './post-button.js';

const CHOICES: Array<{ value: WhoCanMessage; label: string }> = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'contacts', label: 'Only people I already have a conversation with' },
  { value: 'nobody', label: 'Nobody (existing conversations go on)' },
];

const NOTIFY_CHOICES: Array<{ value: NotificationMode; label: string }> = [
  { value: 'off', label: 'Off' },
  { value: 'conversation', label: 'Each conversation, once until I read it' },
  { value: 'digest', label: 'A daily digest' },
];

/** "Email me about unread messages": a radio group, shown only when the host sends notifications. */
function notificationsFieldset(mode: NotificationMode, error: string | undefined): SafeHtml {
  return html`<fieldset${error ? html` aria-describedby="messaging-notify-error"` : ''} data-messaging-notifications>
<legend>Email me about unread messages</legend>
${NOTIFY_CHOICES.map((c) => html`<label><input type="radio" name="notifications" value="${c.value}"${c.value === mode ? html` checked` : ''}> ${c.label}</label><br>`)}
</fieldset>
${error ? html`<p class="m-error" id="messaging-notify-error" role="alert">${error}</p>` : ''}`;
}

/**
 * The member's messaging settings: who may start a conversation with them, how they hear
 * about unread messages (when `notifications` is given), and the members they blocked.
 */
export function preferencesHtml(input: {
  base: string;
  csrfToken: string;
  whoCanMessage: WhoCanMessage;
  notifications?: NotificationMode;
  blocked: Participant[];
  saved: boolean;
  error?: string;
  notificationsError?: string;
}): SafeHtml {
  const { base } = input;
  return html`<div class="messaging messaging-preferences">
<div class="m-toolbar"><h1>Messaging settings</h1><a href="${`${base}/`}">Back to your messages</a></div>
${input.saved ? html`<p role="status" data-messaging-saved>Saved.</p>` : ''}
<form method="post" action="${`${base}/preferences`}" data-messaging-preferences>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<fieldset${input.error ? html` aria-describedby="messaging-who-error"` : ''}>
<legend>Who may start a conversation with me</legend>
${CHOICES.map((c) => html`<label><input type="radio" name="whoCanMessage" value="${c.value}"${c.value === input.whoCanMessage ? html` checked` : ''}> ${c.label}</label><br>`)}
</fieldset>
${input.error ? html`<p class="m-error" id="messaging-who-error" role="alert">${input.error}</p>` : ''}
${input.notifications ? notificationsFieldset(input.notifications, input.notificationsError) : ''}
<button type="submit">Save</button>
</form>
<h2>Blocked members</h2>
${
  input.blocked.length === 0
    ? html`<p class="m-empty">You have not blocked anyone.</p>`
    : html`<ul class="m-blocked">${input.blocked.map((p) => html`<li data-blocked-id="${p.id}">${bdi(p.displayName)} ${postButton({ action: `${base}/blocks/${encodeURIComponent(p.id)}/delete`, csrfToken: input.csrfToken, label: html`Unblock ${bdi(p.displayName)}` })}</li>`)}</ul>`
}
<p><a href="${`${base}/archived`}">Archived conversations</a></p>
</div>`;
}
