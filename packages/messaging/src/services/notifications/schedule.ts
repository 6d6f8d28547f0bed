import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { type NotificationOptions, resolveNotificationOptions } from '../../notification-options.js';

/**
 * What a send writes for notifications: at most one small statement in its own transaction,
 * and only with the `notifications` option. One row per thread, inserted with ON CONFLICT DO
 * NOTHING: the first message of a burst fixes the due time, the rest of the burst changes
 * nothing (never two mails for one burst, and no row is rewritten on every message of a busy
 * thread). Who is told, and whether they still should be, is decided by the worker when the
 * row is due (see outbox.ts): a send stays as cheap as it was.
 */

/** The delay in ms of a validated `notifications` option; null when it is not set. Read once, at the factory. */
export function notifyDelayOf(option: NotificationOptions | undefined): number | null {
  return option ? resolveNotificationOptions(option).delayMs : null;
}

/** When a message sent at `now` is due to be told about; null when notifications are off. */
export function notifyAtFor(delayMs: number | null | undefined, now: string): string | null {
  if (delayMs === null || delayMs === undefined) return null;
  return new Date(Date.parse(now) + delayMs).toISOString();
}

/** SQLite, inside the send's BEGIN IMMEDIATE: ? thread, ? due time, ? message id. */
export const SQLITE_SCHEDULE_INSERT = 'insert into messaging_notification_schedule (thread_id, due_at, first_message_id) values (?, ?, ?) on conflict (thread_id) do nothing';

/**
 * Any other path (new conversations, group sends, a host's Kysely): one insert in the caller's
 * transaction. A Postgres reply schedules inside its function (migration 0013).
 */
export async function scheduleInTransaction(trx: Kysely<MessagingDatabase>, threadId: string, messageId: string | number, notifyAt: string | null): Promise<void> {
  if (notifyAt === null) return;
  await trx
    .insertInto('messaging_notification_schedule')
    .values({ thread_id: threadId, due_at: notifyAt, first_message_id: messageId })
    .onConflict((oc) => oc.column('thread_id').doNothing())
    .execute();
}
