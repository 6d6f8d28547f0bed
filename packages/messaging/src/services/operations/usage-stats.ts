import { fileSize } from '../../shared/file-size.js';
import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connection/connect.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { readAttachmentUsage } from './attachment-data.js';
import { MESSAGING_TABLES } from '../../db/migrations/index.js';
import { countNotificationsByStatus, type NotificationCounts } from '../../db/operations/notification-counts.js';

/** One day of {@link UsageStats}. */
export interface UsageDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  messages: number;
  threadsCreated: number;
  /** Members who sent at least one message that day. */
  activeSenders: number;
}

/** What `messaging stats` shows. */
export interface UsageStats {
  days: number;
  /** The first day counted, `YYYY-MM-DD` (UTC). */
  since: string;
  /** Every day of the period, oldest first (days without activity included, with zeros). */
  perDay: UsageDay[];
  totals: { messages: number; threadsCreated: number; activeSenders: number };
  /** Bytes on disk: the SQLite file with its WAL, or the Postgres messaging tables with their indexes. */
  databaseBytes: number | null;
  /** Files uploaded in the period and what is stored now (schema version 11 and later; thumbnails not counted); null before. */
  attachments: { uploaded: number; uploadedBytes: number; storedFiles: number; storedBytes: number } | null;
  /** Notifications made in the period, by their status now (pending, sending, sent, failed, skipped). */
  notifications: NotificationCounts;
}

async function perDay(db: Kysely<MessagingDatabase>, table: 'messaging_messages' | 'messaging_threads', since: string) {
  const day = sql<string>`substr(created_at, 1, 10)`;
  return db
    .selectFrom(table)
    .select([day.as('day'), sql<string | number>`count(*)`.as('n')])
    .where('created_at', '>=', since)
    .groupBy(day)
    .execute();
}

async function postgresBytes(db: Kysely<MessagingDatabase>, tables: string[]): Promise<number> {
  let bytes = 0;
  for (const table of tables) {
    const row = await sql<{ n: string | number | null }>`select pg_total_relation_size(to_regclass(${table})) as n`.execute(db);
    bytes += Number(row.rows[0]?.n ?? 0);
  }
  return bytes;
}

/**
 * Activity over the last `days` days (UTC, today included): messages, new threads and active
 * senders per day and over the whole period, and the database size. Reads only; counts go
 * through the `created_at` indexes.
 */
export async function readUsageStats(handle: DatabaseHandle, options: { days?: number; now?: Date } = {}): Promise<UsageStats> {
  const days = Math.max(1, Math.floor(options.days ?? 30));
  const now = options.now ?? new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const since = start.toISOString();
  const db = handle.db;
  const day = sql<string>`substr(created_at, 1, 10)`;
  const [messages, threads, senders, total, notifications] = await Promise.all([
    perDay(db, 'messaging_messages', since),
    perDay(db, 'messaging_threads', since),
    db
      .selectFrom('messaging_messages')
      .select([day.as('day'), sql<string | number>`count(distinct sender_id)`.as('n')])
      .where('created_at', '>=', since)
      .groupBy(day)
      .execute(),
    db.selectFrom('messaging_messages').select(sql<string | number>`count(distinct sender_id)`.as('n')).where('created_at', '>=', since).executeTakeFirstOrThrow(),
    countNotificationsByStatus(db, { since }),
  ]);
  const byDay = (rows: { day: string; n: string | number }[]) => new Map(rows.map((r) => [r.day, Number(r.n)]));
  const [m, t, s] = [byDay(messages), byDay(threads), byDay(senders)];
  const list: UsageDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    list.push({ date, messages: m.get(date) ?? 0, threadsCreated: t.get(date) ?? 0, activeSenders: s.get(date) ?? 0 });
  }
  const attachments = await readAttachmentUsage(db, since);
  let databaseBytes: number | null = null;
  if (handle.capabilities.name === 'postgres') databaseBytes = await postgresBytes(db, [...MESSAGING_TABLES]);
  else if (handle.sqliteFile) databaseBytes = fileSize(handle.sqliteFile) + fileSize(`${handle.sqliteFile}-wal`);
  return {
    days,
    since: since.slice(0, 10),
    perDay: list,
    totals: {
      messages: list.reduce((sum, d) => sum + d.messages, 0),
      threadsCreated: list.reduce((sum, d) => sum + d.threadsCreated, 0),
      activeSenders: Number(total.n),
    },
    databaseBytes,
    attachments,
    notifications,
  };
}
