import { MessagingError } from '../../errors.js';
import { isMessageId } from './ids.js';
import { DELETED_BY_SENDER, messageFromRow } from './message-state.js';
import { clampLimit, type ServiceDeps } from './service-deps.js';
import { summarize, viewerThread } from './thread-summaries.js';
import { eventsForPage } from './thread-events.js';
import type { Message, ThreadEvent, ThreadSummary } from './types.js';

/** Options of `getThread`. */
export interface GetThreadOptions {
  /** A message id: return the page of messages older than it (the `nextCursor` of the page before). */
  before?: string;
  /** Messages per page. @default 20 (at most 100) */
  limit?: number;
}

/** One page of a thread. */
export interface ThreadPage {
  thread: ThreadSummary;
  /** Oldest to newest within the page. */
  messages: Message[];
  /** The system lines among this page's messages (members added, renamed), oldest first; each placed after the message `afterMessageId` names. */
  events: ThreadEvent[];
  /** Pass as `before` for the page of older messages; null on the oldest page. */
  nextCursor: string | null;
}

/**
 * A thread and one page of its messages, newest page first, by keyset on the message id
 * (index `(thread_id, id)`). Reading does not mark anything read: the caller decides.
 */
export async function getThread(deps: ServiceDeps, viewerId: string, threadId: string, options: GetThreadOptions): Promise<ThreadPage> {
  const db = deps.ctx.database.db;
  const limit = clampLimit(options.limit);
  if (options.before !== undefined && !isMessageId(options.before)) {
    throw new MessagingError('invalid_request', 'The cursor is not valid.', {
      details: [{ in: 'query', field: 'before', message: 'must be a message id' }],
    });
  }
  const row = await viewerThread(db, viewerId, String(threadId));
  let query = db
    .selectFrom('messaging_messages')
    .select(['id', 'thread_id', 'sender_id', 'body', 'created_at', 'edited_at', 'deleted_reason'])
    .where('thread_id', '=', row.thread_id)
    // A message a moderator removed or its sender deleted keeps its place, shown as such (its text never leaves).
    .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('deleted_reason', 'in', ['moderator', DELETED_BY_SENDER])]))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  // A member added to a group later sees what was written from then on only.
  if (row.joined_after_message_id != null) query = query.where('id', '>', row.joined_after_message_id);
  const [rows, [thread]] = await Promise.all([query.execute(), summarize(deps, [row])]);
  const page = rows.slice(0, limit).reverse();
  const firstId = page[0] ? String(page[0].id) : null;
  const events = await eventsForPage(db, row.thread_id, { firstId, before: options.before, isOldest: rows.length <= limit, joinedAfter: row.joined_after_message_id });
  return {
    thread: thread!,
    events,
    messages: page.map(messageFromRow),
    nextCursor: rows.length > limit && page[0] ? String(page[0].id) : null,
  };
}
