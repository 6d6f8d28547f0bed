import { CompiledQuery, type Kysely } from 'kysely';
import type { SyncSqlite } from '../../db/connection/sqlite.js';
import type { MessagingDatabase, ThreadKind } from '../../db/schema.js';
import {
  PG_REPLY_CALL,
  SQLITE_REPLY_HEAD,
  SQLITE_REPLY_INSERT,
  SQLITE_REPLY_MEMBERS,
  SQLITE_REPLY_PARTICIPANTS,
  SQLITE_REPLY_THREAD,
  SQLITE_REPLY_TOTALS,
} from './reply-statements.js';
import { SQLITE_SCHEDULE_INSERT } from '../notifications/schedule.js';

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

/** What the Postgres reply function is given besides the reply itself. */
export interface PostgresReplyCall {
  /** The direct partner the users adapter was asked about; null for a group. The function writes only if the locked head names the same. */
  partner: string | null;
  /** False: the head alone (locked, nothing written). */
  write: boolean;
  /** Whether a suspended sender is refused (the instance has a sending policy). */
  suspensionRefuses: boolean;
}

type CallRow = {
  head_suspended: boolean | null;
  head_kind: ThreadKind | null;
  head_member: boolean | null;
  head_partner: string | null;
  w_member: boolean | null;
  w_blocked: boolean | null;
  w_message_id: string | null;
  w_user_id: string | null;
  w_muted_at: string | null;
  w_unread_before: number | null;
  w_unread_total: string | number | null;
};

/**
 * Postgres: the reply function (migration 0013), one round trip: on its own it is its own
 * transaction; in the caller's (`db` a transaction) its lock lasts until that one ends. The
 * head always; `written` only when it wrote or the write refused (blocked, or no longer a member).
 */
export async function callPostgresReply(
  db: Kysely<MessagingDatabase>,
  input: Omit<ReplyInput, 'kind' | 'afterInsert'>,
  call: PostgresReplyCall,
): Promise<{ head: ReplyHead; written?: ReplyWritten }> {
  const params = [input.senderId, input.threadId, input.body, input.now, call.partner, call.write, call.suspensionRefuses, input.notifyAt];
  const { rows } = await db.executeQuery<CallRow>(CompiledQuery.raw(PG_REPLY_CALL, params));
  const first = rows[0];
  const head = headOf(first && { suspended: first.head_suspended, kind: first.head_kind, member: first.head_member, partner: first.head_partner });
  if (first?.w_member === null || first?.w_member === undefined) return { head };
  if (!first.w_member) return { head, written: { refused: 'not_found' } };
  if (first.w_blocked || first.w_message_id === null) return { head, written: { refused: 'blocked' } };
  return {
    head,
    written: {
      messageId: String(first.w_message_id),
      changed: rows.flatMap((r) =>
        r.w_user_id === null
          ? []
          : [{ userId: r.w_user_id, muted: r.w_muted_at !== null, unreadBefore: Number(r.w_unread_before ?? 0), unreadTotal: Number(r.w_unread_total ?? 0) }],
      ),
    },
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
