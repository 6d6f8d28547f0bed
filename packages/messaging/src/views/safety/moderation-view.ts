import type { Message, Page, Participant } from '../../services/conversations/types.js';
import type { ReportForReview } from '../../services/safety/report-review.js';
import type { Suspension } from '../../services/safety/suspensions.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { html, SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';
import { reasonLabel } from './report-reason-words.js';
import type { ModerationData, ModerationReport } from './templates/moderation.js';
import type { ModerationBody } from './templates/moderation-body.js';

/** A decision said at the top of the review page after its redirect. */
export type ModerationDone = NonNullable<ModerationData['done']>;

/**
 * A message of the review: the reported one as it read when it was reported (the sender may
 * have edited or deleted it since, which is said beside it), the others as they are now.
 */
function bodyOf(r: ReportForReview, m: Message): ModerationBody {
  if (m.id === r.message.id && typeof r.reportedBody === 'string') {
    return { kind: 'reported', text: r.reportedBody, since: m.removed ? null : m.deleted ? 'deleted' : m.editedAt ? 'edited' : null };
  }
  if (m.removed) return { kind: 'removed' };
  if (m.deleted) return { kind: 'deleted' };
  return { kind: 'text', text: m.body };
}

function reportOf(kit: ViewKit, r: ReportForReview, base: string): ModerationReport {
  const names = new Map(r.participants.map((p) => [p.id, p.displayName]));
  const action = `${base}/reports/${encodeURIComponent(r.id)}`;
  return {
    id: r.id,
    action,
    reasonLabel: reasonLabel(kit.i18n, r.reason),
    senderHtml: bdi(r.sender.displayName),
    reporterHtml: bdi(r.reporter.displayName),
    createdAt: r.createdAt,
    noteHtml: r.note ? bdi(r.note) : null,
    messages: r.context.map((m) => {
      const sender = names.get(m.senderId);
      return { id: m.id, reported: m.id === r.message.id, senderHtml: sender === undefined ? null : bdi(sender), createdAt: m.createdAt, body: bodyOf(r, m) };
    }),
    removeHref: r.message.removed || r.message.deleted ? null : `${action}/confirm?action=delete_message`,
    suspendHref: `${action}/confirm?action=suspend_sender`,
  };
}

/** The admins' review page: open reports (oldest first) with their context and the three decisions, then the suspended members. */
export function moderationHtml(
  kit: ViewKit,
  input: { base: string; csrfToken: string; page: Page<ReportForReview>; suspensions: Array<Suspension & { member: Participant }>; done: ModerationDone | null },
): SafeHtml {
  const { base } = input;
  return new SafeHtml(
    kit.renderer.render('safety/moderation', {
      i18n: kit.i18n,
      settingsHref: `${base}/`,
      csrfToken: input.csrfToken,
      done: input.done,
      reports: input.page.items.map((r) => reportOf(kit, r, base)),
      moreHref: input.page.nextCursor ? `${base}/reports?cursor=${encodeURIComponent(input.page.nextCursor)}` : null,
      suspensions: input.suspensions.map((s) => ({
        userId: s.userId,
        nameHtml: bdi(s.member.displayName),
        sinceHtml: html`<time datetime="${s.createdAt}">${kit.i18n.dateTime(s.createdAt)}</time>`,
        unsuspendAction: `${base}/suspensions/${encodeURIComponent(s.userId)}/delete`,
      })),
    }),
  );
}

/** The confirmation page of a decision that cannot be undone: the reported message, what will happen, the button, and a way back. */
export function moderationConfirmHtml(kit: ViewKit, input: { base: string; csrfToken: string; report: ReportForReview; decision: 'delete_message' | 'suspend_sender' }): SafeHtml {
  const { report: r } = input;
  return new SafeHtml(
    kit.renderer.render('safety/moderation-confirm', {
      i18n: kit.i18n,
      decision: input.decision,
      action: `${input.base}/reports/${encodeURIComponent(r.id)}`,
      reportsHref: `${input.base}/reports`,
      csrfToken: input.csrfToken,
      senderHtml: bdi(r.sender.displayName),
      createdAt: r.message.createdAt,
      body: bodyOf(r, r.message),
    }),
  );
}
