import { REPORT_REASON_LABELS } from '../../services/safety/report-reasons.js';
import type { ReportForReview } from '../../services/safety/report-review.js';
import type { Suspension } from '../../services/safety/suspensions.js';
import type { Message, Page, Participant } from '../../services/conversations/types.js';
import { DELETED_BY_SENDER_TEXT } from '../../services/conversations/message-state.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { formatTime } from '../text/format.js';
import { REMOVED_BY_MODERATOR } from '../../services/safety/message-removal.js';
import { bdi } from '../text/isolate.js';
import { postButton } from './post-button.js';

/**
 * A message of the review: the reported one as it read when it was reported (the sender may
 * have edited or deleted it since, which is said beside it), the others as they are now.
 */
function bodyHtml(r: ReportForReview, m: Message): SafeHtml | string {
  if (m.id === r.message.id && typeof r.reportedBody === 'string') {
    const since = m.removed ? '' : m.deleted ? 'deleted by the sender since' : m.editedAt ? 'edited by the sender since' : '';
    return html`<span data-messaging-reported-text>${r.reportedBody}</span>${since ? html` <em>(as reported; ${since})</em>` : ''}`;
  }
  if (m.removed) return html`<em>${REMOVED_BY_MODERATOR}</em>`;
  if (m.deleted) return html`<em>${DELETED_BY_SENDER_TEXT}</em>`;
  return m.body;
}

function reportHtml(r: ReportForReview, action: string, csrfToken: string): SafeHtml {
  const names = new Map(r.participants.map((p) => [p.id, p.displayName]));
  const context = r.context.map(
    (m) => html`<li class="m-message${m.id === r.message.id ? ' m-reported' : ''}"${m.id === r.message.id ? html` aria-current="true"` : ''}>
<p class="m-meta">${bdi(names.get(m.senderId) ?? 'Deleted user')} · <time datetime="${m.createdAt}">${formatTime(m.createdAt)}</time>${m.id === r.message.id ? html` · <strong>reported</strong>` : ''}</p>
<p class="m-body" dir="auto">${bodyHtml(r, m)}</p></li>`,
  );
  const button = (value: string, label: string | SafeHtml) => postButton({ action, csrfToken, label, fields: { action: value } });
  return html`<li class="m-report" data-report-id="${r.id}">
<h2>${REPORT_REASON_LABELS[r.reason] ?? r.reason}: ${bdi(r.sender.displayName)}, reported by ${bdi(r.reporter.displayName)}</h2>
<p class="m-meta"><time datetime="${r.createdAt}">${formatTime(r.createdAt)}</time></p>
${r.note ? html`<p>Note from ${bdi(r.reporter.displayName)}: ${bdi(r.note)}</p>` : ''}
<ol class="m-messages" aria-label="The reported message and the messages around it">${context}</ol>
<div class="m-controls" role="group" aria-label="Decision">
${button('dismiss', 'Dismiss report')}
${r.message.removed || r.message.deleted ? '' : button('delete_message', 'Remove the message')}
${button('suspend_sender', html`Stop ${bdi(r.sender.displayName)} from messaging`)}
</div>
</li>`;
}

/** The admins' review page: open reports (oldest first) with their context and the three decisions, then the suspended members. */
export function moderationHtml(input: {
  base: string;
  csrfToken: string;
  page: Page<ReportForReview>;
  suspensions: Array<Suspension & { member: Participant }>;
  done: string | null;
}): SafeHtml {
  const { base, csrfToken } = input;
  const next = input.page.nextCursor ? `${base}/reports?cursor=${encodeURIComponent(input.page.nextCursor)}` : null;
  return html`<section class="messaging messaging-moderation">
<div class="m-toolbar"><h1>Reported messages</h1><a href="${`${base}/`}">Messaging settings</a></div>
${input.done ? html`<p role="status" data-messaging-report-done>${input.done}</p>` : ''}
${
  input.page.items.length === 0
    ? html`<p class="m-empty" data-messaging-no-reports>No open reports.</p>`
    : html`<ol class="m-reports">${input.page.items.map((r) => reportHtml(r, `${base}/reports/${encodeURIComponent(r.id)}`, csrfToken))}</ol>`
}
${next ? html`<nav class="m-pager"><a href="${next}" rel="next">More reports</a></nav>` : ''}
<h2>Members stopped from messaging</h2>
${
  input.suspensions.length === 0
    ? html`<p class="m-empty">Nobody.</p>`
    : html`<ul>${input.suspensions.map((s) => html`<li data-suspended-id="${s.userId}">${bdi(s.member.displayName)} (since <time datetime="${s.createdAt}">${formatTime(s.createdAt)}</time>) ${postButton({ action: `${base}/suspensions/${encodeURIComponent(s.userId)}/delete`, csrfToken, label: html`Let ${bdi(s.member.displayName)} message again` })}</li>`)}</ul>`
}
</section>`;
}
