import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../../db/connection/dialect.js';

/**
 * Removed text must leave the database FILE, not only the query results. SQLite marks deleted
 * rows' space free but keeps their bytes in the page (and in the write-ahead log) until they
 * are overwritten, so a copy of messages.db or an undelete tool reads erased text back.
 * Postgres has no equivalent switch: docs/operations.md says what it needs (vacuum).
 */

/**
 * Runs `work` inside the caller's transaction with SQLite's `secure_delete` on, so that the
 * space the deletes and updates free is overwritten with zeros, then restores the connection's
 * setting. The package's own connections have it on anyway (src/db/connection/sqlite.ts: that also zeroes
 * the copies page splits leave behind); this covers a host's own SQLite Kysely. Other
 * databases run `work` as is.
 */
export async function withSecureDelete<T>(trx: Kysely<any>, work: () => Promise<T>): Promise<T> {
  if (detectDialect(trx) !== 'sqlite') return work();
  const before = (await sql<{ secure_delete: number }>`pragma secure_delete`.execute(trx)).rows[0]?.secure_delete ?? 0;
  const restore = () => sql.raw(`pragma secure_delete = ${Number(before)}`).execute(trx);
  await sql`pragma secure_delete = on`.execute(trx);
  let result: T;
  try {
    result = await work();
  } catch (err) {
    // The work's error is the one to report (a full disk, a lost file), not the restore's.
    await restore().catch(() => {});
    throw err;
  }
  await restore();
  return result;
}

/**
 * After the commit of such a transaction, on SQLite: copies the write-ahead log into the file
 * and empties it (`wal_checkpoint(TRUNCATE)`), because the log still holds the pages as they
 * were before the removal. It waits for other connections' readers up to the busy timeout;
 * returns false when one still held it back or the checkpoint failed (the old pages then stay
 * in the -wal file until new writes overwrite them). True elsewhere.
 */
export async function checkpointRemovedText(db: Kysely<any>): Promise<boolean> {
  if (detectDialect(db) !== 'sqlite') return true;
  try {
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(db);
    return Number(rows[0]?.busy ?? 0) === 0;
  } catch {
    // The removal is committed: a checkpoint that fails (a full disk) must not report it failed.
    return false;
  }
}
