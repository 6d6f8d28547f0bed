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
  // Dismissing is undone by the next report; removing and stopping are not, so they ask first (a page, no script needed).
  const confirmLink = (value: 'delete_message' | 'suspend_sender', label: SafeHtml) => html`<a class="m-danger" href="${`${action}/confirm?action=${value}`}">${label}</a>`;
  return html`<li class="m-report" data-report-id="${r.id}">
<h2>${REPORT_REASON_LABELS[r.reason] ?? r.reason}: ${bdi(r.sender.displayName)}, reported by ${bdi(r.reporter.displayName)}</h2>
<p class="m-meta"><time datetime="${r.createdAt}">${formatTime(r.createdAt)}</time></p>
${r.note ? html`<p>Note from ${bdi(r.reporter.displayName)}: ${bdi(r.note)}</p>` : ''}
<ol class="m-messages" aria-label="The reported message and the messages around it">${context}</ol>
<div class="m-controls" role="group" aria-label="Decision">
${postButton({ action, csrfToken, label: 'Dismiss report', fields: { action: 'dismiss' } })}
${r.message.removed || r.message.deleted ? '' : confirmLink('delete_message', html`Remove the message…`)}
${confirmLink('suspend_sender', html`Stop ${bdi(r.sender.displayName)} from messaging…`)}
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

/** What each decision that cannot be undone asks before it is taken. */
function consequences(r: ReportForReview, decision: 'delete_message' | 'suspend_sender'): { title: SafeHtml; text: SafeHtml; button: SafeHtml } {
  const sender = bdi(r.sender.displayName);
  return decision === 'delete_message'
    ? {
        title: html`Remove this message?`,
        text: html`Everyone in the conversation will see "${REMOVED_BY_MODERATOR}" in its place, and its text is deleted. This cannot be undone. Every open report of this message is closed.`,
        button: html`Remove the message`,
      }
    : {
        title: html`Stop ${sender} from messaging?`,
        text: html`${sender} will not be able to start conversations or send messages until an administrator lets them message again. Their open reports are closed. Their earlier messages stay.`,
        button: html`Stop ${sender} from messaging`,
      };
}

/** The confirmation page of a decision that cannot be undone: the reported message, what will happen, the button, and a way back. */
export function moderationConfirmHtml(input: { base: string; csrfToken: string; report: ReportForReview; decision: 'delete_message' | 'suspend_sender' }): SafeHtml {
  const { report: r } = input;
  const { title, text, button } = consequences(r, input.decision);
  const action = `${input.base}/reports/${encodeURIComponent(r.id)}`;
  return html`<section class="messaging messaging-moderation" data-messaging-confirm="${input.decision}">
<h1>${title}</h1>
<blockquote class="m-message m-reported"><p class="m-meta">${bdi(r.sender.displayName)} · <time datetime="${r.message.createdAt}">${formatTime(r.message.createdAt)}</time></p>
<p class="m-body" dir="auto">${bodyHtml(r, r.message)}</p></blockquote>
<p>${text}</p>
<div class="m-controls">
<form method="post" action="${action}" class="m-inline-form"><input type="hidden" name="_csrf" value="${input.csrfToken}"><input type="hidden" name="action" value="${input.decision}"><input type="hidden" name="confirm" value="yes"><button type="submit" class="m-danger">${button}</button></form>
<a href="${`${input.base}/reports`}">Cancel</a>
</div>
</section>`;
}
