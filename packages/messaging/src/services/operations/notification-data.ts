import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { MessagingDatabase, NotificationStatus } from '../../db/schema.js';

/**
 * The operations' view of the notification data (schema version 10): what retention deletes
 * and what a member's data export holds. The outbox keeps no message text (a notification is
 * built from the messages when it is sent), so neither does anything here.
 */

/** Outbox rows that are done with: kept for the CLI's summary and the host's questions until a prune. */
const FINISHED: readonly NotificationStatus[] = ['sent', 'failed', 'skipped'];

/**
 * Deletes the finished outbox rows (sent, failed, skipped) created before `before`, in batches
 * of `batchSize` with a pause in between; pending and in-flight rows are never touched, however
 * old. Returns how many rows went (on a dry run: would go).
 */
export async function pruneNotifications(db: Kysely<MessagingDatabase>, options: { before: string; dryRun?: boolean; batchSize: number; pauseMs: number }): Promise<number> {
  const finished = db
    .selectFrom('messaging_notifications')
    .where('created_at', '<', options.before)
    .where('status', 'in', [...FINISHED]);
  if (options.dryRun) {
    const row = await finished.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  let deleted = 0;
  for (;;) {
    const ids = (await finished.select('id').orderBy('created_at').limit(options.batchSize).execute()).map((r) => r.id);
    if (ids.length === 0) break;
    // The status again: a row is never pending once finished, but the check costs nothing.
    const result = await db
      .deleteFrom('messaging_notifications')
      .where('id', 'in', ids)
      .where('status', 'in', [...FINISHED])
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (ids.length < options.batchSize) break;
    if (options.pauseMs > 0) await sleep(options.pauseMs);
  }
  return deleted;
}

/** A member's notification data in their export (`exportMemberData`). */
export interface MemberNotificationExport {
  /** The mode they chose (`off`, `conversation`, `digest`); null: they chose none, the host's default applies. */
  mode: string | null;
  /** Their notifications still in the outbox (pruned ones are gone): no message text is kept. */
  items: Array<{ id: string; kind: string; threadId: string | null; status: string; attempts: number; createdAt: string; sentAt: string | null }>;
  /** Per thread, the latest message they were told about (a per-conversation mail goes once until they read past it). */
  notifiedUpTo: Array<{ threadId: string; messageId: string; notifiedAt: string }>;
}

/** Reads {@link MemberNotificationExport} for one member; the outbox page by page (keyset on created_at, id). */
export async function exportMemberNotifications(db: Kysely<MessagingDatabase>, userId: string, pageSize = 1000): Promise<MemberNotificationExport> {
  const preference = await db.selectFrom('messaging_member_preferences').select('notify_mode').where('user_id', '=', userId).executeTakeFirst();
  const items: MemberNotificationExport['items'] = [];
  let after: { created_at: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .selectFrom('messaging_notifications')
      .select(['id', 'kind', 'thread_id', 'status', 'attempts', 'created_at', 'sent_at'])
      .where('recipient_id', '=', userId)
      .$if(after !== undefined, (qb) =>
        qb.where((eb) => eb.or([eb('created_at', '>', after!.created_at), eb.and([eb('created_at', '=', after!.created_at), eb('id', '>', after!.id)])])),
      )
      .orderBy('created_at')
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      items.push({ id: r.id, kind: r.kind, threadId: r.thread_id, status: r.status, attempts: Number(r.attempts), createdAt: r.created_at, sentAt: r.sent_at });
    }
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!;
  }
  const marks = await db
    .selectFrom('messaging_notification_marks')
    .select(['thread_id', 'notified_message_id', 'notified_at'])
    .where('user_id', '=', userId)
    .orderBy('thread_id')
    .execute();
  return {
    mode: preference?.notify_mode ?? null,
    items,
    notifiedUpTo: marks.map((m) => ({ threadId: m.thread_id, messageId: String(m.notified_message_id), notifiedAt: m.notified_at })),
  };
}
