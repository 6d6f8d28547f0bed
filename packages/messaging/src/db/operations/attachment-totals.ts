import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../connection/dialect.js';
import type { MessagingDatabase } from '../schema.js';

/**
 * Files and bytes for `messaging status` and `stats` (schema version 11 and later: callers
 * check that the tables exist). Reads only.
 */

/** Files and bytes for `messaging status` and `stats`. */
export interface AttachmentTotals {
  /** Files on messages. */
  files: number;
  /** Their bytes, as stored (images after re-encoding; thumbnails not counted). */
  bytes: number;
  /** Uploads no message holds yet (or released, waiting for the app to delete their bytes). */
  stagedFiles: number;
  stagedBytes: number;
  /** Bytes the database storage holds (chunks, thumbnails included): 0 when files live elsewhere. */
  databaseBytes: number;
}

/** Reads {@link AttachmentTotals}. */
export async function readAttachmentTotals(db: Kysely<MessagingDatabase>): Promise<AttachmentTotals> {
  const [byStatus, chunks] = await Promise.all([
    db
      .selectFrom('messaging_attachments')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n'), sql<string | number | null>`sum(size)`.as('bytes')])
      .groupBy('status')
      .execute(),
    // length() reads a blob's size from its header on SQLite; octet_length from the toast header on Postgres.
    sql<{
      bytes: string | number | null;
    }>`select sum(${sql.raw(detectDialect(db) === 'postgres' ? 'octet_length' : 'length')}(data)) as bytes from messaging_attachment_chunks`.execute(db),
  ]);
  const of = (status: 'staged' | 'ready') => byStatus.find((r) => r.status === status);
  return {
    files: Number(of('ready')?.n ?? 0),
    bytes: Number(of('ready')?.bytes ?? 0),
    stagedFiles: Number(of('staged')?.n ?? 0),
    stagedBytes: Number(of('staged')?.bytes ?? 0),
    databaseBytes: Number(chunks.rows[0]?.bytes ?? 0),
  };
}

/** Files uploaded since `since` (an ISO time) and their bytes; released files (waiting for deletion) not counted. */
export async function uploadsSince(db: Kysely<MessagingDatabase>, since: string): Promise<{ uploaded: number; uploadedBytes: number }> {
  const row = await db
    .selectFrom('messaging_attachments')
    .select([(eb) => eb.fn.countAll<string | number>().as('n'), sql<string | number | null>`sum(size)`.as('bytes')])
    .where('created_at', '>=', since)
    .where('uploader_id', '<>', 'deleted:')
    .executeTakeFirstOrThrow();
  return { uploaded: Number(row.n), uploadedBytes: Number(row.bytes ?? 0) };
}
