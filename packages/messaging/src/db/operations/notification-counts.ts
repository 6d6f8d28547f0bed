import { type Kysely, sql } from 'kysely';
import type { MessagingDatabase, NotificationStatus } from '../schema.js';

/** Outbox rows (schema version 10) by status. */
export type NotificationCounts = Record<NotificationStatus, number>;

const STATUSES: readonly NotificationStatus[] = ['pending', 'sending', 'sent', 'failed', 'skipped'];

/**
 * Counts the notification outbox's rows by status, for `messaging status` and `stats`: all of
 * them, or those created since `since` (ISO 8601). One grouped read; no message text is involved.
 */
export async function countNotificationsByStatus(db: Kysely<MessagingDatabase>, options: { since?: string } = {}): Promise<NotificationCounts> {
  const rows = await db
    .selectFrom('messaging_notifications')
    .select(['status', sql<string | number>`count(*)`.as('n')])
    .$if(options.since !== undefined, (qb) => qb.where('created_at', '>=', options.since!))
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as NotificationCounts;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
