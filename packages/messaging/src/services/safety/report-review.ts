import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { isMessageId } from '../conversations/ids.js';
import type { ReportReason } from './report-reasons.js';
import { DELETED_BY_SENDER, type MessageStateRow, messageFromRow } from '../conversations/message-state.js';
import { clampLimit } from '../conversations/service-deps.js';
import type { Message, Page, Participant } from '../conversations/types.js';
import type { UserDirectory } from '../conversations/user-directory.js';

/** How many messages the review page shows on each side of the reported one. */
const REPORT_CONTEXT_MESSAGES = 2;

/** An open report as a moderator reviews it. */
export interface ReportForReview {
  id: string;
  reason: ReportReason;
  note: string | null;
  createdAt: string;
  reporter: Participant;
  sender: Participant;
  /** The reported message (`removed` when a moderator already removed it). */
  message: Message;
  /** What the message said when it was reported, kept through later edits and deletion (null for a report older than schema 7 of a message already gone). */
  reportedBody?: string | null;
  /** A few messages around it, oldest to newest, the reported one included. */
  context: Message[];
  /** Everyone in the thread, to name the senders of the context. */
  participants: Participant[];
}

type Row = MessageStateRow & { deleted_at: string | null };

function toMessage(m: Row): Message {
  // Erased (forget-user) and removed messages alike show no text; a sender's deletion says so.
  return m.deleted_at === null || m.deleted_reason === DELETED_BY_SENDER ? messageFromRow(m) : { ...messageFromRow(m), body: '', removed: 'moderator' };
}

/**
 * Open reports, oldest first (the longest-waiting on top), by keyset on the report id
 * (`cursor` is the last id of the page before), or the one open report `reportId`. One
 * `getUsers` call per page; two small index ranges per report for the context.
 */
export async function listOpenReports(
  ctx: MessagingContext,
  directory: UserDirectory,
  options: { cursor?: string; limit?: number; reportId?: string } = {},
): Promise<Page<ReportForReview>> {
  const db = ctx.database.db;
  const limit = clampLimit(options.limit);
  if (options.cursor !== undefined && !isMessageId(options.cursor)) {
    throw new MessagingError('invalid_request', 'The cursor is not valid.', { details: [{ in: 'query', field: 'cursor', message: 'must be a nextCursor this page gave' }] });
  }
  let query = db
    .selectFrom('messaging_reports')
    .select(['id', 'message_id', 'thread_id', 'reporter_id', 'sender_id', 'reason', 'note', 'created_at', 'body_snapshot'])
    .where('status', '=', 'open')
    .orderBy('id', 'asc')
    .limit(limit + 1);
  if (options.cursor !== undefined) query = query.where('id', '>', options.cursor);
  if (options.reportId !== undefined) query = query.where('id', '=', options.reportId);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const columns = ['id', 'thread_id', 'sender_id', 'body', 'created_at', 'edited_at', 'deleted_at', 'deleted_reason'] as const;

  const contexts = await Promise.all(
    page.map(async (r) => {
      const [before, after, members] = await Promise.all([
        db
          .selectFrom('messaging_messages')
          .select(columns)
          .where('thread_id', '=', r.thread_id)
          .where('id', '<', r.message_id)
          .orderBy('id', 'desc')
          .limit(REPORT_CONTEXT_MESSAGES)
          .execute(),
        db
          .selectFrom('messaging_messages')
          .select(columns)
          .where('thread_id', '=', r.thread_id)
          .where('id', '>=', r.message_id)
          .orderBy('id', 'asc')
          .limit(REPORT_CONTEXT_MESSAGES + 1)
          .execute(),
        db.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', r.thread_id).orderBy('joined_at').orderBy('user_id').execute(),
      ]);
      return { messages: [...before.reverse(), ...after].map(toMessage), memberIds: members.map((m) => m.user_id) };
    }),
  );
  const people = await directory.resolve([...page.flatMap((r) => [r.reporter_id, r.sender_id]), ...contexts.flatMap((c) => c.memberIds)]);

  const items = page.map((r, i) => {
    const { messages, memberIds } = contexts[i]!;
    return {
      id: String(r.id),
      reason: r.reason as ReportReason,
      note: r.note,
      createdAt: r.created_at,
      reporter: people.get(r.reporter_id),
      sender: people.get(r.sender_id),
      message: messages.find((m) => m.id === String(r.message_id))!,
      reportedBody: r.body_snapshot ?? null,
      context: messages,
      participants: memberIds.map((id) => people.get(id)),
    };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
