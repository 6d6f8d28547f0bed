import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { queueTestNotification } from './outbox-report.js';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase, NotificationKind, NotificationsTable, NotifyMode } from '../../db/schema.js';

/**
 * The durable outbox (`messaging_notifications`) and the step that fills it from the
 * schedule. Every step is safe with several workers on one database: expanding deletes each
 * schedule row it takes (Postgres: rows locked by another worker are skipped; SQLite: the write
 * lock), outbox ids are derived from what they are about, so expanding the same burst twice
 * inserts nothing, and a claim moves a row out of reach until its lease ends.
 */

export type OutboxRow = Selectable<NotificationsTable>;

/** A stable id: what the host de-duplicates on, the same whichever worker makes the row. */
export function outboxId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 24);
}

const isPostgres = (ctx: MessagingContext) => ctx.database.capabilities.name === 'postgres';

/** A member told about a burst (a row was queued) or passed over because they had already read it. */
export interface ExpandOutcome {
  queued: Array<{ id: string; kind: NotificationKind; recipientId: string }>;
  skippedRead: Array<{ threadId: string; recipientId: string }>;
}

/**
 * Turns due schedule rows into one outbox row per member to tell (current member, mode
 * 'conversation', thread not muted, something unread, not already told since they last read).
 * A member who has read everything by now is counted as skipped-because-read; digest members
 * hear about it in their digest.
 */
export async function expandDueSchedules(ctx: MessagingContext, now: string, limit: number, fallback: NotifyMode): Promise<ExpandOutcome> {
  const outcome: ExpandOutcome = { queued: [], skippedRead: [] };
  await ctx.database.db.transaction().execute(async (trx) => {
    const due = await trx
      .deleteFrom('messaging_notification_schedule')
      .where('thread_id', 'in', (eb) =>
        eb
          .selectFrom('messaging_notification_schedule')
          .select('thread_id')
          .where('due_at', '<=', now)
          .orderBy('due_at')
          .limit(limit)
          .$if(isPostgres(ctx), (q) => q.forUpdate().skipLocked()),
      )
      .returning(['thread_id', 'first_message_id'])
      .execute();
    for (const { thread_id, first_message_id } of due) await expandOne(trx, { threadId: thread_id, firstMessageId: String(first_message_id), now, fallback }, outcome);
  });
  return outcome;
}

async function expandOne(trx: Kysely<MessagingDatabase>, burst: { threadId: string; firstMessageId: string; now: string; fallback: NotifyMode }, outcome: ExpandOutcome) {
  const { threadId, firstMessageId, now } = burst;
  const first = await trx.selectFrom('messaging_messages').select('sender_id').where('id', '=', firstMessageId).executeTakeFirst();
  const members = await trx
    .selectFrom('messaging_participants as p')
    .leftJoin('messaging_member_preferences as mp', 'mp.user_id', 'p.user_id')
    .leftJoin('messaging_notification_marks as mk', (join) => join.onRef('mk.thread_id', '=', 'p.thread_id').onRef('mk.user_id', '=', 'p.user_id'))
    .select(['p.user_id', 'p.unread_count', 'p.muted_at', 'p.last_read_message_id', 'mp.notify_mode', 'mk.notified_message_id'])
    .where('p.thread_id', '=', threadId)
    .where('p.left_at', 'is', null)
    .execute();
  const rows: Array<{ id: string; recipient_id: string }> = [];
  for (const m of members) {
    if ((m.notify_mode ?? burst.fallback) !== 'conversation' || m.muted_at !== null) continue;
    if (Number(m.unread_count) === 0) {
      if (m.user_id !== first?.sender_id) outcome.skippedRead.push({ threadId, recipientId: m.user_id });
      continue;
    }
    // Told about this thread and not read since: one mail until they read it.
    if (m.notified_message_id !== null && BigInt(m.notified_message_id) > BigInt(m.last_read_message_id ?? 0)) continue;
    rows.push({ id: outboxId('conversation', threadId, firstMessageId, m.user_id), recipient_id: m.user_id });
  }
  if (rows.length === 0) return;
  const inserted = await trx
    .insertInto('messaging_notifications')
    .values(
      rows.map((r) => ({
        ...r,
        kind: 'conversation' as const,
        thread_id: threadId,
        message_id: firstMessageId,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        created_at: now,
        sent_at: null,
        last_error: null,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(['id', 'recipient_id'])
    .execute();
  for (const r of inserted) outcome.queued.push({ id: r.id, kind: 'conversation', recipientId: r.recipient_id });
}

/**
 * The day's digests: one row per digest member with something unread (muted and left threads
 * aside), id derived from member and day, so every worker and every run of the day agree.
 */
export async function queueDigests(ctx: MessagingContext, now: string, fallback: NotifyMode): Promise<ExpandOutcome['queued']> {
  const day = now.slice(0, 10);
  const db = ctx.database.db;
  const members = await db
    .selectFrom('messaging_participants as p')
    .leftJoin('messaging_member_preferences as mp', 'mp.user_id', 'p.user_id')
    .select('p.user_id')
    .distinct()
    .where('p.unread_count', '>', 0)
    .where('p.muted_at', 'is', null)
    .where('p.left_at', 'is', null)
    .where((eb) => (fallback === 'digest' ? eb.or([eb('mp.notify_mode', 'is', null), eb('mp.notify_mode', '=', 'digest')]) : eb('mp.notify_mode', '=', 'digest')))
    .execute();
  const queued: ExpandOutcome['queued'] = [];
  for (let i = 0; i < members.length; i += 500) {
    const batch = members.slice(i, i + 500).map((m) => ({
      id: outboxId('digest', m.user_id, day),
      recipient_id: m.user_id,
      kind: 'digest' as const,
      thread_id: null,
      message_id: null,
      status: 'pending' as const,
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      created_at: now,
      sent_at: null,
      last_error: null,
    }));
    const inserted = await db
      .insertInto('messaging_notifications')
      .values(batch)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(['id', 'recipient_id'])
      .execute();
    for (const r of inserted) queued.push({ id: r.id, kind: 'digest', recipientId: r.recipient_id });
  }
  return queued;
}

/** A `test` row for a member, due now (the row the CLI's `send-test` writes too). */
export function queueTestRow(ctx: MessagingContext, recipientId: string): Promise<string> {
  return queueTestNotification(ctx.database.db, recipientId, ctx.now());
}

/**
 * Claims up to `limit` due rows (pending, or sending with an ended lease: its worker died
 * mid-send) for this worker until `leaseUntil`. A claim counts as an attempt, so a
 * notification whose sending kills the process still ends. Postgres skips rows another
 * worker holds (`FOR UPDATE SKIP LOCKED`); SQLite's statement holds the write lock.
 */
export async function claimDue(ctx: MessagingContext, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  return ctx.database.db
    .updateTable('messaging_notifications')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), locked_until: leaseUntil, next_attempt_at: leaseUntil }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('messaging_notifications')
        .select('id')
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .$if(isPostgres(ctx), (q) => q.forUpdate().skipLocked()),
    )
    .returning(['id', 'recipient_id', 'kind', 'thread_id', 'message_id', 'status', 'attempts', 'next_attempt_at', 'locked_until', 'created_at', 'sent_at', 'last_error'])
    .execute();
}

/**
 * Renews a claimed row's lease right before its `send`: a batch is claimed at once but sent
 * one row after another, and a slow mailer could otherwise outlast the lease of the batch's
 * last rows while this worker still holds them. False when the lease already ended and
 * another worker took the row: it is theirs to send, not ours. Returns the row with its new lease.
 */
export async function renewLease(ctx: MessagingContext, row: OutboxRow, leaseUntil: string): Promise<OutboxRow | undefined> {
  const result = await ctx.database.db
    .updateTable('messaging_notifications')
    .set({ locked_until: leaseUntil, next_attempt_at: leaseUntil })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('locked_until', '=', row.locked_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...row, locked_until: leaseUntil, next_attempt_at: leaseUntil } : undefined;
}

/** How a claimed row ends; each update applies only while this worker's lease is the row's. */
export type Settlement =
  | { status: 'sent'; mark?: { threadId: string; messageId: string } }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string }
  | { status: 'pending'; error: string; nextAttemptAt: string };

export async function settle(ctx: MessagingContext, row: OutboxRow, settlement: Settlement): Promise<boolean> {
  const now = ctx.now();
  return ctx.database.db.transaction().execute(async (trx) => {
    const owned = trx.updateTable('messaging_notifications').where('id', '=', row.id).where('status', '=', 'sending').where('locked_until', '=', row.locked_until);
    const set =
      settlement.status === 'sent'
        ? { status: 'sent' as const, sent_at: now, locked_until: null, last_error: null }
        : settlement.status === 'skipped'
          ? { status: 'skipped' as const, locked_until: null, last_error: settlement.reason }
          : settlement.status === 'failed'
            ? { status: 'failed' as const, locked_until: null, last_error: settlement.error }
            : { status: 'pending' as const, locked_until: null, last_error: settlement.error, next_attempt_at: settlement.nextAttemptAt };
    const result = await owned.set(set).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    if (settlement.status === 'sent' && settlement.mark) {
      const { threadId, messageId } = settlement.mark;
      await trx
        .insertInto('messaging_notification_marks')
        .values({ thread_id: threadId, user_id: row.recipient_id, notified_message_id: messageId, notified_at: now })
        .onConflict((oc) => oc.columns(['thread_id', 'user_id']).doUpdateSet({ notified_message_id: messageId, notified_at: now }))
        .execute();
    }
    return true;
  });
}
