import type { MessagingContext } from '../../context.js';
import type { ReportStatus } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { isMessageId } from '../conversations/ids.js';
import { characterCount, checkCharacters, invalidField, normaliseLineEndings } from '../conversations/message-text.js';
import { removeMessage } from './message-removal.js';
import { listOpenReports, type ReportForReview } from './report-review.js';
import type { Message, Page } from '../conversations/types.js';
import { createUserDirectory } from '../conversations/user-directory.js';
import { insertSuspension } from './suspensions.js';
import { emitSafely } from '../unread/unread-notify.js';
import { REPORT_REASONS, type ReportReason } from './report-reasons.js';

/** Longest note a reporter may add, in characters. */
export const MAX_REPORT_NOTE_LENGTH = 1000;

/** What a moderator can do with an open report. */
export const REPORT_ACTIONS = ['dismiss', 'delete_message', 'suspend_sender'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export interface Report {
  id: string;
  messageId: string;
  threadId: string;
  reason: ReportReason;
  status: ReportStatus;
  createdAt: string;
}

/** Checks a reason and an optional note; returns them as stored (note trimmed, null when blank). */
export function checkReport(input: { reason: unknown; note?: unknown }): { reason: ReportReason; note: string | null } {
  if (typeof input.reason !== 'string' || !(REPORT_REASONS as readonly string[]).includes(input.reason)) {
    throw invalidField('reason', `must be one of ${REPORT_REASONS.join(', ')}`);
  }
  const raw = input.note ?? null;
  if (raw !== null && typeof raw !== 'string') throw invalidField('note', 'must be text');
  const note = raw === null ? '' : normaliseLineEndings(raw).trim();
  checkCharacters('note', note);
  if (characterCount(note) > MAX_REPORT_NOTE_LENGTH) throw invalidField('note', `must be at most ${MAX_REPORT_NOTE_LENGTH} characters`);
  return { reason: input.reason as ReportReason, note: note === '' ? null : note };
}

/** Members' reports and the moderators' decisions on them (`messaging.reports`); the review list is in report-review.ts. */
export interface ReportService {
  /**
   * Reports a message of a thread the reporter takes part in: `not_found` for a message they
   * cannot see (as for one that does not exist), `invalid_request` for their own message or a
   * bad reason/note. Reporting the same message again returns the first report (`created: false`).
   * Emits `report.created` (ids only) for a new report.
   */
  /** The message as the report form shows it; `not_found` when the viewer cannot see it (as `report` would answer). */
  messageToReport(reporterId: UserId, messageId: string): Promise<Message>;
  report(reporterId: UserId, messageId: string, input: { reason: string; note?: string | null }): Promise<{ report: Report; created: boolean }>;
  /**
   * A moderator's decision on an open report: `dismiss` it, `delete_message` (the thread then
   * shows "Message removed by a moderator"; every open report of that message is closed), or
   * `suspend_sender` (the sender can no longer send or start; their open reports are closed).
   * `not_found` for an unknown report; a report already decided is left as it is.
   */
  resolve(reportId: string, moderatorId: UserId, action: ReportAction): Promise<Report>;
  /** Open reports for the review page, oldest first, with the message and a few around it (see report-review.ts). */
  listOpen(options?: { cursor?: string; limit?: number }): Promise<Page<ReportForReview>>;
  /** One open report as the review page shows it, for the confirmation of a decision; `not_found` when it is unknown or decided. */
  getOpen(reportId: string): Promise<ReportForReview>;
}

type ReportRow = { id: string | number; message_id: string | number; thread_id: string; reason: string; status: ReportStatus; created_at: string };

function toReport(row: ReportRow): Report {
  return { id: String(row.id), messageId: String(row.message_id), threadId: row.thread_id, reason: row.reason as ReportReason, status: row.status, createdAt: row.created_at };
}

const REPORT_COLUMNS = ['id', 'message_id', 'thread_id', 'reason', 'status', 'created_at', 'sender_id'] as const;

export function createReportService(ctx: MessagingContext): ReportService {
  const db = ctx.database.db;
  const directory = createUserDirectory(ctx);

  async function reportable(reporterId: string, messageId: string) {
    if (!isMessageId(String(messageId))) throw new MessagingError('not_found');
    const message = await db
      .selectFrom('messaging_messages as m')
      .innerJoin('messaging_participants as p', (join) => join.onRef('p.thread_id', '=', 'm.thread_id').on('p.user_id', '=', reporterId))
      .select(['m.id', 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at'])
      .where('m.id', '=', String(messageId))
      .where('m.deleted_at', 'is', null)
      .where('p.left_at', 'is', null)
      // A member added to a group later cannot reach (nor quote) what came before they joined.
      .where((eb) => eb.or([eb('p.joined_after_message_id', 'is', null), eb('m.id', '>', eb.ref('p.joined_after_message_id'))]))
      .executeTakeFirst();
    if (!message) throw new MessagingError('not_found');
    return message;
  }

  return {
    async messageToReport(reporterId, messageId) {
      const m = await reportable(String(reporterId), messageId);
      return { id: String(m.id), threadId: m.thread_id, senderId: m.sender_id, body: m.body, createdAt: m.created_at };
    },
    listOpen: (options = {}) => listOpenReports(ctx, directory, options),
    async getOpen(reportId) {
      if (!isMessageId(reportId)) throw new MessagingError('not_found');
      const [report] = (await listOpenReports(ctx, directory, { reportId, limit: 1 })).items;
      if (!report) throw new MessagingError('not_found');
      return report;
    },
    async report(reporterId, messageId, input) {
      const reporter = String(reporterId);
      const { reason, note } = checkReport(input);
      const message = await reportable(reporter, messageId);
      if (message.sender_id === reporter) throw new MessagingError('invalid_request', 'You cannot report your own message.');

      const inserted = await db
        .insertInto('messaging_reports')
        .values({
          message_id: message.id,
          thread_id: message.thread_id,
          reporter_id: reporter,
          sender_id: message.sender_id,
          reason,
          note,
          // Kept for the moderators: the sender may edit or delete the message afterwards.
          body_snapshot: message.body,
          status: 'open',
          created_at: ctx.now(),
          resolved_at: null,
          resolved_by: null,
        })
        .onConflict((oc) => oc.columns(['message_id', 'reporter_id']).doNothing())
        .returning(REPORT_COLUMNS)
        .executeTakeFirst();
      const row =
        inserted ??
        (await db.selectFrom('messaging_reports').select(REPORT_COLUMNS).where('message_id', '=', message.id).where('reporter_id', '=', reporter).executeTakeFirstOrThrow());
      const report = toReport(row);
      if (inserted) {
        emitSafely(ctx, 'report.created', { reportId: report.id, messageId: report.messageId, threadId: report.threadId, reporterId: reporter, senderId: message.sender_id });
      }
      return { report, created: inserted !== undefined };
    },

    async resolve(reportId, moderatorId, action) {
      if (!REPORT_ACTIONS.includes(action)) throw invalidField('action', `must be one of ${REPORT_ACTIONS.join(', ')}`);
      if (!isMessageId(String(reportId))) throw new MessagingError('not_found');
      const moderator = String(moderatorId);
      const now = ctx.now();
      const found = await db.selectFrom('messaging_reports').select(REPORT_COLUMNS).where('id', '=', String(reportId)).executeTakeFirst();
      if (!found) throw new MessagingError('not_found');
      if (found.status !== 'open') return toReport(found);
      const decided = { resolved_at: now, resolved_by: moderator };

      if (action === 'delete_message') {
        await removeMessage(ctx, { messageId: String(found.message_id), moderatorId: moderator, now }, async (trx) => {
          await trx
            .updateTable('messaging_reports')
            .set({ status: 'message_deleted', ...decided })
            .where('message_id', '=', found.message_id)
            .where('status', '=', 'open')
            .execute();
        });
      } else if (action === 'suspend_sender') {
        await db.transaction().execute(async (trx) => {
          await insertSuspension(trx, { userId: found.sender_id, by: moderator, reason: `report ${String(found.id)}`, now });
          await trx
            .updateTable('messaging_reports')
            .set({ status: 'sender_suspended', ...decided })
            .where('sender_id', '=', found.sender_id)
            .where('status', '=', 'open')
            .execute();
        });
      } else {
        await db
          .updateTable('messaging_reports')
          .set({ status: 'dismissed', ...decided })
          .where('message_id', '=', found.message_id)
          .where('status', '=', 'open')
          .execute();
      }
      const after = await db.selectFrom('messaging_reports').select(REPORT_COLUMNS).where('id', '=', found.id).executeTakeFirstOrThrow();
      ctx.logger.info({ reportId: String(found.id), action, moderator, at: now }, 'messaging: report resolved');
      return toReport(after);
    },
  };
}
