import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MessagingDatabase, NotificationKind, NotificationStatus } from '../../db/schema.js';

/** One outbox row as `messaging notifications pending` lists it: ids, state and times, never message text. */
export interface DueNotificationRow {
  id: string;
  kind: NotificationKind;
  recipientId: string;
  threadId: string | null;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError: string | null;
}

/**
 * The next rows still to deliver (pending, or being sent), soonest first, for the CLI, which
 * has a database handle but no running instance. Same order as `messaging.notifications.pending()`.
 */
export async function nextDueNotifications(db: Kysely<MessagingDatabase>, limit: number): Promise<DueNotificationRow[]> {
  const rows = await db
    .selectFrom('messaging_notifications')
    .select(['id', 'kind', 'recipient_id', 'thread_id', 'status', 'attempts', 'next_attempt_at', 'created_at', 'last_error'])
    .where('status', 'in', ['pending', 'sending'])
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recipientId: r.recipient_id,
    threadId: r.thread_id,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    lastError: r.last_error,
  }));
}

/**
 * Queues a `test` notification for a member, due now, from a process without the host's
 * `send` (the CLI): the app's delivery loop (or its `deliverDue()` job) sends it. The row is
 * the one `messaging.notifications.queueTest()` writes.
 */
export async function queueTestNotification(db: Kysely<MessagingDatabase>, recipientId: string, now: string): Promise<string> {
  const id = `test-${randomBytes(12).toString('base64url')}`;
  await db
    .insertInto('messaging_notifications')
    .values({
      id,
      recipient_id: recipientId,
      kind: 'test',
      thread_id: null,
      message_id: null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: null,
      created_at: now,
      sent_at: null,
      last_error: null,
    })
    .execute();
  return id;
}
