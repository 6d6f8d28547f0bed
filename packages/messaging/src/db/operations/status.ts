import { fileSize } from '../../shared/file-size.js';
import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from '../connection/connect.js';
import { readSchemaStatus, type SchemaStatus } from '../migrations/migrate.js';
import { MESSAGING_TABLES } from '../migrations/index.js';
import { type AttachmentTotals, readAttachmentTotals } from './attachment-totals.js';
import { countNotificationsByStatus, type NotificationCounts } from './notification-counts.js';

/** What `messaging status` shows. */
export interface DatabaseReport {
  dialect: 'sqlite' | 'postgres';
  where: string;
  schema: SchemaStatus;
  /** Row count of each messaging table that exists. */
  rowCounts: Record<string, number>;
  /** Files and bytes stored (schema version 11 and later). */
  attachments?: AttachmentTotals;
  /** The notification outbox by status (schema version 10 and later): what is pending, sent, failed. */
  notifications?: NotificationCounts;
  /** SQLite only: sizes in bytes of the file and its write-ahead log. */
  fileBytes?: number;
  walBytes?: number;
}

/** Reads the schema version, row counts and (SQLite) file sizes, changing nothing. */
export async function readDatabaseReport(handle: DatabaseHandle): Promise<DatabaseReport> {
  const db = handle.db as Kysely<any>;
  const schema = await readSchemaStatus(db);
  const rowCounts: Record<string, number> = {};
  if (schema.version > 0) {
    for (const table of MESSAGING_TABLES) {
      try {
        const row = await db.selectFrom(table).select(sql<string | number>`count(*)`.as('n')).executeTakeFirst();
        rowCounts[table] = Number(row?.n ?? 0);
      } catch {
        // A table from a later migration that this database does not have yet.
      }
    }
  }
  const report: DatabaseReport = { dialect: handle.capabilities.name, where: handle.where, schema, rowCounts };
  if (rowCounts.messaging_attachments !== undefined) report.attachments = await readAttachmentTotals(handle.db);
  if (rowCounts.messaging_notifications !== undefined) report.notifications = await countNotificationsByStatus(handle.db);
  if (handle.sqliteFile) {
    report.fileBytes = fileSize(handle.sqliteFile);
    report.walBytes = fileSize(`${handle.sqliteFile}-wal`);
  }
  return report;
}
