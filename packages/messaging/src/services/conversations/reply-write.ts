import { CompiledQuery, type Kysely } from 'kysely';
import type { SyncSqlite } from '../../db/connection/sqlite.js';
import type { MessagingDatabase, ThreadKind } from '../../db/schema.js';
import {
  PG_REPLY_HEAD,
  PG_REPLY_WRITE,
  SQLITE_REPLY_HEAD,
  SQLITE_REPLY_INSERT,
  SQLITE_REPLY_MEMBERS,
  SQLITE_REPLY_PARTICIPANTS,
  SQLITE_REPLY_THREAD,
  SQLITE_REPLY_TOTALS,
} from './reply-statements.js';
import { SQLITE_SCHEDULE_INSERT, withScheduleCte } from '../notifications/schedule.js';

/** What a reply reads before it writes: enough to refuse it, and the partner the users adapter must still know. */
export interface ReplyHead {
  suspended: boolean;
  /** Null when there is no such thread. */
  kind: ThreadKind | null;
  /** The sender is a current participant. */
  member: boolean;
  /** A direct thread's other member; null for a group. */
  partner: string | null;
}

/** A participant the reply moved. */
export interface ReplyChange {
  userId: string;
  muted: boolean;
  unreadBefore: number;
  /** Their unread total after the reply (threads neither muted nor left); 0 where {@link unreadTotalChanged} is false (not summed). */
  unreadTotal: number;
}

/** What the write did: refused (nothing stored), or the new message's id and every current participant. */
export type ReplyWritten = { refused: 'not_found' | 'blocked' } | { refused?: undefined; messageId: string; changed: ReplyChange[] };

interface ReplyInput {
  senderId: string;
  threadId: string;
  kind: ThreadKind;
  body: string;
  now: string;
  /** When to tell the others about it (the `notifications` option); null: nothing is scheduled. */
  notifyAt: string | null;
  /** SQLite: runs in the write's transaction right after the INSERT (links the send's attachments; a throw rolls all back). */
  afterInsert?: (messageId: number | bigint) => void;
}

type HeadRow = { suspended: unknown; kind: ThreadKind | null; member: unknown; partner: string | null };

const headOf = (row: HeadRow | undefined): ReplyHead => ({
  suspended: Boolean(row?.suspended),
  kind: row?.kind ?? null,
  member: Boolean(row?.member),
  partner: row?.partner ?? null,
});

/** Postgres, inside the reply's transaction: the head, taking the thread's row lock. */
export async function postgresReplyHead(trx: Kysely<MessagingDatabase>, senderId: string, threadId: string): Promise<ReplyHead> {
  const { rows } = await trx.executeQuery<HeadRow>(CompiledQuery.raw(PG_REPLY_HEAD, [senderId, threadId]));
  return headOf(rows[0]);
}

type WriteRow = {
  member: boolean;
  blocked: boolean;
  message_id: string | null;
  user_id: string | null;
  muted_at: string | null;
  unread_before: number | null;
  unread_total: string | number | null;
};

/** The write with the notification schedule folded in (one more CTE, same round trip). */
const PG_REPLY_WRITE_SCHEDULED = withScheduleCte(PG_REPLY_WRITE);

/** Postgres, after the head in the same transaction: the whole write, one statement. */
export async function postgresReplyWrite(trx: Kysely<MessagingDatabase>, input: ReplyInput): Promise<ReplyWritten> {
  const params = [input.senderId, input.threadId, input.kind, input.body, input.now];
  const query = input.notifyAt === null ? CompiledQuery.raw(PG_REPLY_WRITE, params) : CompiledQuery.raw(PG_REPLY_WRITE_SCHEDULED, [...params, input.notifyAt]);
  const { rows } = await trx.executeQuery<WriteRow>(query);
  const first = rows[0];
  if (!first?.member) return { refused: 'not_found' };
  if (first.blocked || first.message_id === null) return { refused: 'blocked' };
  return {
    messageId: String(first.message_id),
    changed: rows.flatMap((r) =>
      r.user_id === null ? [] : [{ userId: r.user_id, muted: r.muted_at !== null, unreadBefore: Number(r.unread_before ?? 0), unreadTotal: Number(r.unread_total ?? 0) }],
    ),
  };
}

/** SQLite, outside any transaction (one statement; the write re-checks what can change). */
export function sqliteReplyHead(sync: SyncSqlite, senderId: string, threadId: string): ReplyHead {
  return headOf(sync.prepare(SQLITE_REPLY_HEAD).get(senderId, senderId, senderId, threadId) as HeadRow | undefined);
}

/**
 * Whether a reply changed a member's unread total: a recipient's, unless they muted the thread
 * (muted threads are not counted); the sender's only when they had unread messages here, which
 * the reply marks read. Only these totals are summed and told.
 */
export const unreadTotalChanged = (member: { userId: string; muted: boolean; unreadBefore: number }, senderId: string): boolean =>
  !member.muted && (member.userId !== senderId || member.unreadBefore > 0);

type MemberRow = { user_id: string; unread_count: number; muted_at: string | null; blocked_sender: number };

/**
 * SQLite: the write in BEGIN IMMEDIATE (the whole database's write lock, so no row lock is
 * needed), its statements back to back with no await between them: members, INSERT, the
 * thread, the participants, the changed members' totals.
 */
export function sqliteReplyWrite(sync: SyncSqlite, input: ReplyInput): ReplyWritten {
  const { senderId, threadId, body, now } = input;
  return sync.immediate((): ReplyWritten => {
    const members = sync.prepare(SQLITE_REPLY_MEMBERS).all(senderId, threadId) as MemberRow[];
    if (!members.some((m) => m.user_id === senderId)) return { refused: 'not_found' };
    if (input.kind === 'direct' && members.some((m) => m.user_id !== senderId && m.blocked_sender)) return { refused: 'blocked' };
    const { id } = sync.prepare(SQLITE_REPLY_INSERT).get(threadId, senderId, body, now) as { id: number | bigint };
    input.afterInsert?.(id);
    sync.prepare(SQLITE_REPLY_THREAD).run(now, id, threadId);
    if (input.notifyAt !== null) sync.prepare(SQLITE_SCHEDULE_INSERT).run(threadId, input.notifyAt, id);
    sync.prepare(SQLITE_REPLY_PARTICIPANTS).run(now, senderId, senderId, id, threadId);
    const changed = members.map((m) => ({ userId: m.user_id, muted: m.muted_at !== null, unreadBefore: Number(m.unread_count), unreadTotal: 0 }));
    const counted = changed.filter((m) => unreadTotalChanged(m, senderId));
    if (counted.length > 0) {
      const totals = sync.prepare(SQLITE_REPLY_TOTALS).all(JSON.stringify(counted.map((m) => m.userId))) as Array<{ user_id: string; total: number }>;
      const totalOf = new Map(totals.map((r) => [r.user_id, Number(r.total)]));
      for (const m of counted) m.unreadTotal = totalOf.get(m.userId) ?? 0;
    }
    return { messageId: String(id), changed };
  });
}
