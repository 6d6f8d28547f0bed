import { executePrepared } from '../../db/connection/prepared-statements.js';
import { MessagingError } from '../../errors.js';
import { isMessageId } from './ids.js';
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { MessagingDatabase, ParticipantsTable, ThreadEventsTable, ThreadsTable } from '../../db/schema.js';
import { DELETED_BY_SENDER, type MessageStateRow, messageFromRow } from './message-state.js';
import { withAttachments } from '../attachments/message-files.js';
import { clampLimit, type ServiceDeps } from './service-deps.js';
import { byId, jsonHelpers, parsedJson, summarize, type ViewerThreadRow, viewerThreads, withSummaryParts } from './thread-summaries.js';
import { eventFromRow, eventsForPage } from './thread-events.js';
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
  /**
   * The viewer's own state of the thread, read in the same statement (the thread page needs no
   * other read): their read mark, whether they archived it, and, in a direct thread, whether they
   * blocked the other member. Not part of the JSON API's answer.
   */
  viewer: ThreadViewerState;
  /**
   * The newest message id of the whole database when the page was read, from the same
   * statement (SQLite: the first of its statements, before the messages): a live stream
   * resumed from it sends what came after this page (the thread page seals it as
   * `data-messaging-resume`, docs/live-updates.md). Like the event ids it stands for, it tells
   * the site's message volume: do not show it to members as it is. Not part of the JSON API's answer.
   */
  latestMessageId: string;
}

/** See {@link ThreadPage.viewer}. */
export interface ThreadViewerState {
  lastReadMessageId: string | null;
  archived: boolean;
  /** Direct threads: the viewer blocked the other member. Always false in a group. */
  blockedOther: boolean;
}

/** The viewer's `blocked_other` flag: in a direct thread, whether they blocked the other (current) member. */
function blockedOther(eb: ExpressionBuilder<MessagingDatabase & { p: ParticipantsTable; t: ThreadsTable }, 'p' | 't'>) {
  return eb.exists(
    eb
      .selectFrom('messaging_blocks as b')
      .innerJoin('messaging_participants as o', (j) => j.onRef('o.user_id', '=', 'b.blocked_id').onRef('o.thread_id', '=', 'p.thread_id'))
      .select('b.blocker_id')
      .whereRef('b.blocker_id', '=', 'p.user_id')
      .whereRef('o.user_id', '<>', 'p.user_id')
      .where('o.left_at', 'is', null)
      .where('t.kind', '=', 'direct'),
  );
}

/** What a thread page is made of, however it was read. */
interface ThreadRead {
  /** The viewer's row with its members and last message (see withSummaryParts). */
  row: ViewerThreadRow;
  /** See {@link ThreadPage.latestMessageId}. */
  latestMessageId: string;
  /** Up to limit + 1 visible messages, newest first. */
  rows: MessageStateRow[];
  events: ThreadEvent[];
  viewer: ThreadViewerState;
}

/**
 * A thread and one page of its messages, newest page first, by keyset on the message id
 * (index `(thread_id, id)`). Reading does not mark anything read: the caller decides.
 */
export async function getThread(deps: ServiceDeps, viewerId: string, threadId: string, options: GetThreadOptions): Promise<ThreadPage> {
  const limit = clampLimit(options.limit);
  if (options.before !== undefined && !isMessageId(options.before)) {
    throw new MessagingError('invalid_request', 'The cursor is not valid.', {
      details: [{ in: 'query', field: 'before', message: 'must be a message id' }],
    });
  }
  const page = { id: String(threadId), before: options.before, limit };
  // Postgres: one round trip. SQLite has no round trips to save, and there the JSON subqueries
  // (built by Kysely, aggregated by SQLite, parsed again here) cost several times what plain
  // indexed statements cost (bench: the thread page at a quarter of its former req/s).
  const read = deps.ctx.database.capabilities.name === 'postgres' ? await readInOneStatement(deps, viewerId, page) : await readInSteps(deps, viewerId, page);
  if (!read) throw new MessagingError('not_found');
  const { rows } = read;
  const [thread] = await summarize(deps, [read.row]);
  const messages = rows.slice(0, limit).reverse();
  return {
    thread: thread!,
    events: read.events,
    messages: await withAttachments(deps.ctx.database.db, Boolean(deps.attachments), messages.map(messageFromRow)),
    nextCursor: rows.length > limit && messages[0] ? String(messages[0].id) : null,
    viewer: read.viewer,
    latestMessageId: read.latestMessageId,
  };
}

interface PageRequest {
  id: string;
  before: string | undefined;
  limit: number;
}

/**
 * ONE statement: the viewer's row (none: not_found), members, last message, the page of
 * messages and its system lines, each a correlated subquery of the viewer's row.
 */
async function readInOneStatement(deps: ServiceDeps, viewerId: string, { id, before, limit }: PageRequest): Promise<ThreadRead | undefined> {
  const db = deps.ctx.database.db;
  const { arrayFrom } = jsonHelpers(deps.ctx.database.capabilities.name);
  // Prepared once per Postgres connection (its planning cost more than its run).
  const [row] = await executePrepared(
    db,
    withSummaryParts(viewerThreads(db, viewerId).where('p.thread_id', '=', id), deps.ctx.database.capabilities.name).select((eb) => {
      /** The messages the viewer may see, newest first (index `(thread_id, id)`). */
      const visible = () => {
        let q = eb
          .selectFrom('messaging_messages as m')
          // The id itself, not a reference to p: a correlated thread_id makes Postgres read all
          // of a big thread and sort it (bench: pg_thread_scale_ratio 4.6).
          .where('m.thread_id', '=', id)
          // A message a moderator removed or its sender deleted keeps its place, shown as such (its text never leaves).
          .where((w) => w.or([w('m.deleted_at', 'is', null), w('m.deleted_reason', 'in', ['moderator', DELETED_BY_SENDER])]))
          // A member added to a group later sees what was written from then on only.
          .where('m.id', '>', sql<string>`coalesce(p.joined_after_message_id, 0)`)
          // thread_id first: only the (thread_id, id) index gives this order, so Postgres walks the
          // thread's newest rows instead of the primary key backwards (or all of a big thread, sorted).
          .orderBy('m.thread_id', 'desc')
          .orderBy('m.id', 'desc');
        if (before !== undefined) q = q.where('m.id', '<', before);
        return q;
      };
      // The page's first (oldest) message when an older page follows: the limit-th newest.
      const firstIdIfMore = visible()
        .select('m.id')
        .limit(1)
        .offset(limit - 1);
      const isOldest = eb.not(eb.exists(visible().select('m.id').limit(1).offset(limit)));
      let events = eb.selectFrom('messaging_thread_events as e').where('e.thread_id', '=', id);
      // Lines from before the viewer joined stay hidden, except the one that added them.
      events = events.where((w) => w.or([w('p.joined_after_message_id', 'is', null), w('e.after_message_id', '>=', w.ref('p.joined_after_message_id'))]));
      events = events.where((w) => w.or([isOldest, w('e.after_message_id', '>=', firstIdIfMore)]));
      if (before !== undefined) events = events.where((w) => w.or([w('e.after_message_id', '<', before), w('e.after_message_id', 'is', null)]));
      return [
        sql<string | null>`cast(p.last_read_message_id as text)`.as('last_read'),
        'p.archived_at',
        blockedOther(eb).as('blocked_other'),
        latestId().as('latest_id'),
        arrayFrom(
          visible()
            .select([sql<string>`cast(m.id as text)`.as('id'), 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at', 'm.edited_at', 'm.deleted_reason'])
            .limit(limit + 1),
        ).as('page'),
        arrayFrom(
          events
            .select([
              sql<string>`cast(e.id as text)`.as('id'),
              'e.thread_id',
              'e.actor_id',
              'e.kind',
              'e.user_ids',
              'e.subject',
              sql<string | null>`cast(e.after_message_id as text)`.as('after_message_id'),
              'e.created_at',
            ])
            .orderBy('e.thread_id')
            .orderBy('e.id')
            .limit(500),
        ).as('events'),
      ];
    }),
  );
  if (!row) return undefined;
  return {
    row,
    rows: parsedJson<MessageStateRow[]>(row.page).sort((a, b) => byId(b, a)),
    events: parsedJson<Selectable<ThreadEventsTable>[]>(row.events).sort(byId).map(eventFromRow),
    viewer: viewerState(row),
    latestMessageId: row.latest_id ?? '0',
  };
}

/**
 * SQLite: the same reads as plain indexed statements (the viewer's row, the page, a group's
 * system lines, the members, the last message), back to back on the one connection, so no
 * write of this process lands between them.
 */
function readInSteps(deps: ServiceDeps, viewerId: string, { id, before, limit }: PageRequest): Promise<ThreadRead | undefined> {
  return deps.ctx.database.db.connection().execute(async (db) => {
    const row = await viewerThreads(db, viewerId)
      .where('p.thread_id', '=', id)
      .select((eb) => [sql<string | null>`cast(p.last_read_message_id as text)`.as('last_read'), 'p.archived_at', blockedOther(eb).as('blocked_other'), latestId().as('latest_id')])
      .executeTakeFirst();
    if (!row) return undefined;
    let query = db
      .selectFrom('messaging_messages as m')
      .select([sql<string>`cast(m.id as text)`.as('id'), 'm.thread_id', 'm.sender_id', 'm.body', 'm.created_at', 'm.edited_at', 'm.deleted_reason'])
      .where('m.thread_id', '=', id)
      .where((w) => w.or([w('m.deleted_at', 'is', null), w('m.deleted_reason', 'in', ['moderator', DELETED_BY_SENDER])]))
      .orderBy('m.thread_id', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit + 1);
    if (row.joined_after_message_id != null) query = query.where('m.id', '>', row.joined_after_message_id);
    if (before !== undefined) query = query.where('m.id', '<', before);
    const rows = await query.execute();
    const isOldest = rows.length <= limit;
    // Only groups get system lines (group-membership.ts refuses a direct thread): no statement for a direct one.
    const firstId = isOldest ? null : (rows[limit - 1]?.id ?? null);
    const events = row.kind === 'direct' ? [] : await eventsForPage(db, id, { firstId, before, isOldest, joinedAfter: row.joined_after_message_id });
    // In no order: summarize (partsFromRows) puts them in joining order.
    const members = await db.selectFrom('messaging_participants').select(['user_id', 'joined_at']).where('thread_id', '=', id).where('left_at', 'is', null).execute();
    const lastMessage =
      row.last_message_id === null
        ? undefined
        : await db
            .selectFrom('messaging_messages')
            .select([sql<string>`cast(id as text)`.as('id'), 'sender_id', 'body', 'created_at', 'deleted_at'])
            .where('id', '=', row.last_message_id)
            .executeTakeFirst();
    return { row: { ...row, members, last_message: lastMessage ?? null }, rows, events, viewer: viewerState(row), latestMessageId: row.latest_id ?? '0' };
  });
}

/** The newest message id of the database, as text (a bigint would lose digits as a JS number): one end of the primary key. */
const latestId = () => sql<string | null>`(select cast(max(id) as text) from messaging_messages)`;

function viewerState(row: { last_read: string | null; archived_at: string | null; blocked_other: unknown }): ThreadViewerState {
  return { lastReadMessageId: row.last_read, archived: row.archived_at !== null, blockedOther: Boolean(Number(row.blocked_other)) };
}
