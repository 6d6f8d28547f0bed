import { REPORT_REASON_LABELS, REPORT_REASONS } from '../../services/safety/report-reasons.js';
import { MAX_REPORT_NOTE_LENGTH } from '../../services/safety/reports.js';
import type { Message } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { formatTime } from '../text/format.js';
import { bdi } from '../text/isolate.js';

/** The report form for one message, or the thank-you once it was sent. */
export function reportPageHtml(input: {
  base: string;
  csrfToken: string;
  message: Message;
  senderName: string;
  sent: boolean;
  reason: string;
  note: string;
  errors: { reason?: string; note?: string };
}): SafeHtml {
  const { message, base } = input;
  const threadHref = `${base}/threads/${encodeURIComponent(message.threadId)}#m-${encodeURIComponent(message.id)}`;
  const quoted = html`<blockquote class="m-message"><p class="m-meta">${bdi(input.senderName)} · <time datetime="${message.createdAt}">${formatTime(message.createdAt)}</time></p><p class="m-body" dir="auto">${message.body}</p></blockquote>`;
  if (input.sent) {
    return html`<div class="messaging messaging-report">
<h1>Thank you</h1>
<p role="status" data-messaging-report-sent>Your report was sent. A moderator will review it.</p>
<p><a href="${threadHref}">Back to the conversation</a></p>
</div>`;
  }
  return html`<div class="messaging messaging-report">
<h1>Report a message</h1>
${quoted}
<form method="post" action="${`${base}/messages/${encodeURIComponent(message.id)}/report`}" data-messaging-report-form novalidate>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<fieldset${input.errors.reason ? html` aria-describedby="messaging-reason-error"` : ''}>
<legend>What is wrong with it?</legend>
${REPORT_REASONS.map((r) => html`<label><input type="radio" name="reason" value="${r}" required${r === input.reason ? html` checked` : ''}> ${REPORT_REASON_LABELS[r]}</label><br>`)}
</fieldset>
${input.errors.reason ? html`<p class="m-error" id="messaging-reason-error">${input.errors.reason}</p>` : ''}
<label for="messaging-note">Anything a moderator should know (optional)</label>
<textarea id="messaging-note" name="note" rows="3" dir="auto" maxlength="${MAX_REPORT_NOTE_LENGTH}"${input.errors.note ? html` aria-invalid="true" aria-describedby="messaging-note-error"` : ''}>${input.note}</textarea>
${input.errors.note ? html`<p class="m-error" id="messaging-note-error">${input.errors.note}</p>` : ''}
<button type="submit">Send report</button>
</form>
<p><a href="${threadHref}">Back to the conversation</a></p>
</div>`;
}
