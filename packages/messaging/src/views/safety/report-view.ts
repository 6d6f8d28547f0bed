import type { Message } from '../../services/conversations/types.js';
import { REPORT_REASONS } from '../../services/safety/report-reasons.js';
import { MAX_REPORT_NOTE_LENGTH } from '../../services/safety/reports.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';
import { reasonLabel } from './report-reason-words.js';

/** The report form for one message, or the thank-you once it was sent. `errors`: words already in the member's language. */
export function reportPageHtml(
  kit: ViewKit,
  input: { base: string; csrfToken: string; message: Message; senderName: string; sent: boolean; reason: string; note: string; errors: { reason?: string; note?: string } },
): SafeHtml {
  const { message, base } = input;
  return new SafeHtml(
    kit.renderer.render('safety/report', {
      i18n: kit.i18n,
      sent: input.sent,
      action: `${base}/messages/${encodeURIComponent(message.id)}/report`,
      threadHref: `${base}/threads/${encodeURIComponent(message.threadId)}#m-${encodeURIComponent(message.id)}`,
      csrfToken: input.csrfToken,
      senderHtml: bdi(input.senderName),
      message: { createdAt: message.createdAt, body: message.body },
      reasons: REPORT_REASONS.map((value) => ({ value, label: reasonLabel(kit.i18n, value) })),
      reason: input.reason,
      note: input.note,
      maxNoteLength: MAX_REPORT_NOTE_LENGTH,
      reasonError: input.errors.reason ?? null,
      noteError: input.errors.note ?? null,
    }),
  );
}
