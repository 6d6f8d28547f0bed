import { CompiledQuery, type Kysely } from 'kysely';
import type { SyncSqlite } from '../../db/connection/sqlite.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { PG_MARK_READ, PG_MARK_READ_LOCK, SQLITE_READ_HEAD, SQLITE_READ_MARK, SQLITE_READ_TOTAL } from './read-statements.js';

/** What a read mark did: refused (nothing stored), or the member's row before and after with their new total. */
export type ReadWritten =
  | { refused: 'not_found' | 'invalid_message' }
  | {
      refused?: undefined;
      /** The mark moved forward. */
      moved: boolean;
      /** The mark after (null: the thread has no message and none was read). */
      mark: string | null;
      unreadBefore: number;
      unreadCount: number;
      muted: boolean;
      /** The member's unread total after (threads neither muted nor left). */
      unreadTotal: number;
    };

type Id = string | number | bigint | null;

/** Whether the mark moved forward from `before` to `after`. */
function movedForward(before: Id, after: Id): boolean {
  return after !== null && (before === null || BigInt(after) > BigInt(before));
}

type MarkRow = {
  member: boolean;
  named: boolean;
  mark_before: string | null;
  unread_before: number | null;
  mark_after: string | null;
  unread_after: number | null;
  muted_at: string | null;
  unread_total: string | number | null;
};

/** One run of {@link PG_MARK_READ}; 'stale' when its snapshot missed a write to the row (see read-statements.ts). */
async function runPostgresMark(db: Kysely<MessagingDatabase>, params: unknown[]): Promise<ReadWritten | 'stale'> {
  const { rows } = await db.executeQuery<MarkRow>(CompiledQuery.raw(PG_MARK_READ, params));
  const row = rows[0];
  if (!row?.member) return { refused: 'not_found' };
  if (!row.named) return { refused: 'invalid_message' };
  if (row.unread_after === null) return 'stale';
  return {
    moved: movedForward(row.mark_before, row.mark_after),
    mark: row.mark_after === null ? null : String(row.mark_after),
    unreadBefore: Number(row.unread_before),
    unreadCount: Number(row.unread_after),
    muted: row.muted_at !== null,
    unreadTotal: Number(row.unread_total ?? 0),
  };
}

/** How often the locked transaction runs the mark again before giving up (the row is locked, so once is the rule). */
const LOCKED_ATTEMPTS = 3;

/**
 * Postgres: one autocommit statement; when it answers "stale" (a write to the member's row
 * committed after its snapshot, typically a send it waited for), BEGIN, the locks, the same
 * statement, COMMIT.
 */
export async function postgresMarkRead(db: Kysely<MessagingDatabase>, viewerId: string, threadId: string, messageId: string | null): Promise<ReadWritten> {
  const params = [viewerId, threadId, messageId];
  const once = await runPostgresMark(db, params);
  if (once !== 'stale') return once;
  return db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw(PG_MARK_READ_LOCK, [viewerId, threadId]));
    for (let attempt = 1; ; attempt++) {
      const locked = await runPostgresMark(trx, params);
      if (locked !== 'stale') return locked;
      if (attempt >= LOCKED_ATTEMPTS) throw new Error('messaging: the read mark kept missing writes to the participant row it had locked');
    }
  });
}

type HeadRow = { last_message_id: Id; last_read_message_id: Id; unread_count: number; muted_at: string | null; named: Id };

/** SQLite: in BEGIN IMMEDIATE, the member's row, the mark and recount, the total, with no await between them. */
export function sqliteMarkRead(sync: SyncSqlite, viewerId: string, threadId: string, messageId: string | null): ReadWritten {
  return sync.immediate((): ReadWritten => {
    const head = sync.prepare(SQLITE_READ_HEAD).get(messageId === null ? null : BigInt(messageId), viewerId, threadId) as HeadRow | undefined;
    if (!head) return { refused: 'not_found' };
    if (messageId !== null && head.named === null) return { refused: 'invalid_message' };
    const target = messageId === null ? head.last_message_id : head.named;
    const moved = movedForward(head.last_read_message_id, target);
    const mark = moved ? target : head.last_read_message_id;
    const { unread_count } = sync.prepare(SQLITE_READ_MARK).get(mark, mark, threadId, viewerId) as { unread_count: number };
    const { total } = sync.prepare(SQLITE_READ_TOTAL).get(viewerId) as { total: number };
    return {
      moved,
      mark: mark === null ? null : String(mark),
      unreadBefore: Number(head.unread_count),
      unreadCount: Number(unread_count),
      muted: head.muted_at !== null,
      unreadTotal: Number(total),
    };
  });
}
