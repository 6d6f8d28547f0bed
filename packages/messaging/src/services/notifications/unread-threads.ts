import type { MessagingContext } from '../../context.js';
import type { NotifyMode } from '../../db/schema.js';

/**
 * What is still worth telling a member, read right before a notification is sent: their
 * unread messages in a thread, from senders they have not blocked and who are not suspended.
 * Every rule that can stop a notification is checked here, once, for both kinds.
 */

/** Why a notification is not sent. 'read' is the one counted as skipped-because-read. */
export type SkipReason = 'read' | 'muted' | 'left' | 'off' | 'blocked' | 'suspended' | 'notified' | 'disabled';

/** One thread's unread messages that still count, by sender. */
export interface UnreadThread {
  threadId: string;
  subject: string | null;
  unreadCount: number;
  /** The newest unread message's id: what the member is told up to. */
  latestMessageId: string;
  senders: Array<{ id: string; count: number }>;
  latestMessages: Array<{ senderId: string; body: string; sentAt: string }>;
}

export type ThreadVerdict = { skip: SkipReason } | { skip?: undefined; thread: UnreadThread };

interface MemberRow {
  thread_id: string;
  subject: string | null;
  unread_count: number;
  muted_at: string | null;
  left_at: string | null;
  last_read_message_id: string | number | null;
  joined_after_message_id?: string | number | null | undefined;
}

const LATEST_MESSAGES = 3;

/** The unread messages of one participant row that still count (blocked and suspended senders left out). */
async function unreadOf(ctx: MessagingContext, recipientId: string, member: MemberRow, withText: boolean): Promise<ThreadVerdict> {
  const db = ctx.database.db;
  // Newcomers to a group see only what came after they joined: nothing before it is unread.
  const read = BigInt(member.last_read_message_id ?? 0);
  const joined = BigInt(member.joined_after_message_id ?? 0);
  const after = String(read > joined ? read : joined);
  const bySender = await db
    .selectFrom('messaging_messages as m')
    .select(['m.sender_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('m.id').as('latest')])
    .where('m.thread_id', '=', member.thread_id)
    .where('m.sender_id', '<>', recipientId)
    .where('m.deleted_at', 'is', null)
    .where('m.id', '>', after)
    .groupBy('m.sender_id')
    .execute();
  if (bySender.length === 0) return { skip: 'read' };
  const senderIds = bySender.map((s) => s.sender_id);
  const [blocked, suspended] = await Promise.all([
    db.selectFrom('messaging_blocks').select('blocked_id').where('blocker_id', '=', recipientId).where('blocked_id', 'in', senderIds).execute(),
    db.selectFrom('messaging_suspensions').select('user_id').where('user_id', 'in', senderIds).execute(),
  ]);
  const blockedIds = new Set(blocked.map((b) => b.blocked_id));
  const suspendedIds = new Set(suspended.map((s) => s.user_id));
  const kept = bySender.filter((s) => !blockedIds.has(s.sender_id) && !suspendedIds.has(s.sender_id));
  if (kept.length === 0) return { skip: blockedIds.size > 0 ? 'blocked' : 'suspended' };
  const latestMessageId = kept.map((s) => BigInt(String(s.latest))).reduce((a, b) => (a > b ? a : b));
  const latestMessages = withText
    ? (
        await db
          .selectFrom('messaging_messages')
          .select(['sender_id', 'body', 'created_at'])
          .where('thread_id', '=', member.thread_id)
          .where(
            'sender_id',
            'in',
            kept.map((s) => s.sender_id),
          )
          .where('deleted_at', 'is', null)
          .where('id', '>', after)
          .orderBy('id', 'desc')
          .limit(LATEST_MESSAGES)
          .execute()
      )
        .reverse()
        .map((m) => ({ senderId: m.sender_id, body: m.body, sentAt: m.created_at }))
    : [];
  return {
    thread: {
      threadId: member.thread_id,
      subject: member.subject,
      unreadCount: kept.reduce((sum, s) => sum + Number(s.n), 0),
      latestMessageId: String(latestMessageId),
      senders: kept.map((s) => ({ id: s.sender_id, count: Number(s.n) })),
      latestMessages,
    },
  };
}

function memberRows(ctx: MessagingContext, recipientId: string) {
  return ctx.database.db
    .selectFrom('messaging_participants as p')
    .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
    .select(['p.thread_id', 't.subject', 'p.unread_count', 'p.muted_at', 'p.left_at', 'p.last_read_message_id', 'p.joined_after_message_id'])
    .where('p.user_id', '=', recipientId);
}

/**
 * A per-conversation notification, right before sending: still a member, mode still
 * 'conversation', thread not muted, something unread, not already told since they last read.
 */
export async function checkConversation(ctx: MessagingContext, input: { recipientId: string; threadId: string; mode: NotifyMode; withText: boolean }): Promise<ThreadVerdict> {
  if (input.mode !== 'conversation') return { skip: 'off' };
  const member = await memberRows(ctx, input.recipientId).where('p.thread_id', '=', input.threadId).executeTakeFirst();
  if (!member || member.left_at !== null) return { skip: 'left' };
  if (member.muted_at !== null) return { skip: 'muted' };
  if (Number(member.unread_count) === 0) return { skip: 'read' };
  const mark = await ctx.database.db
    .selectFrom('messaging_notification_marks')
    .select('notified_message_id')
    .where('thread_id', '=', input.threadId)
    .where('user_id', '=', input.recipientId)
    .executeTakeFirst();
  if (mark && BigInt(mark.notified_message_id) > BigInt(member.last_read_message_id ?? 0)) return { skip: 'notified' };
  return unreadOf(ctx, input.recipientId, member, input.withText);
}

/** Most threads one digest lists (the newest activity first); `unreadTotal` covers only these. */
export const DIGEST_THREADS = 20;

/** A digest, right before sending: mode still 'digest', and the member's unread threads that still count. */
export async function checkDigest(
  ctx: MessagingContext,
  input: { recipientId: string; mode: NotifyMode; withText: boolean },
): Promise<{ skip: SkipReason } | { threads: UnreadThread[] }> {
  if (input.mode !== 'digest') return { skip: 'off' };
  const members = await memberRows(ctx, input.recipientId)
    .where('p.unread_count', '>', 0)
    .where('p.muted_at', 'is', null)
    .where('p.left_at', 'is', null)
    .orderBy('p.last_activity_at', 'desc')
    .limit(DIGEST_THREADS)
    .execute();
  const threads: UnreadThread[] = [];
  let reason: SkipReason = 'read';
  for (const member of members) {
    const verdict = await unreadOf(ctx, input.recipientId, member, input.withText);
    if (verdict.skip) reason = verdict.skip === 'read' ? reason : verdict.skip;
    else threads.push(verdict.thread);
  }
  return threads.length > 0 ? { threads } : { skip: reason };
}
