import { setTimeout as sleep } from 'node:timers/promises';
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

/** How long one emptying attempt may hold other writers back, at most (its busy timeout). */
const TRUNCATE_WAIT_MS = 50;
/** Attempts of {@link checkpointRemovedText} before it gives up, and the pause between them. */
const TRUNCATE_ATTEMPTS = 20;
const TRUNCATE_RETRY_MS = 50;

/**
 * On SQLite, copies what it can of the write-ahead log into the file (`wal_checkpoint(PASSIVE)`):
 * it takes no lock that requests wait for (a writer and readers go on meanwhile). A bulk job
 * runs it between batches, so the log stays short, the app's own commits seldom have a long
 * log to copy, and the final emptying has little left to do. No-op elsewhere.
 */
export async function checkpointStep(db: Kysely<any>): Promise<void> {
  if (detectDialect(db) !== 'sqlite') return;
  try {
    await sql`pragma wal_checkpoint(passive)`.execute(db);
  } catch {
    // Only housekeeping: the next step or the final checkpoint does it.
  }
}

/**
 * After the commit of such a transaction, on SQLite: copies the write-ahead log into the file
 * and empties it (`wal_checkpoint(TRUNCATE)`), because the log still holds the pages as they
 * were before the removal. TRUNCATE holds other writers back while it copies and while it waits
 * for readers to leave the log, so the log is first copied without any lock (PASSIVE) and the
 * emptying runs with a short busy timeout: each attempt holds writers back for at most some
 * 50 ms, and a reader that keeps it from finishing makes it try again after a pause (for about
 * two seconds in all). Returns false when it never finished or failed (the old pages then stay
 * in the -wal file until new writes overwrite them). True elsewhere.
 */
export async function checkpointRemovedText(db: Kysely<any>): Promise<boolean> {
  if (detectDialect(db) !== 'sqlite') return true;
  try {
    for (let attempt = 1; ; attempt++) {
      await checkpointStep(db);
      // One connection for the three statements: no other query may run with the short timeout.
      const emptied = await db.connection().execute(async (conn) => {
        const timeout = (await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn)).rows[0]?.timeout ?? 0;
        await sql.raw(`pragma busy_timeout = ${TRUNCATE_WAIT_MS}`).execute(conn);
        try {
          const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(conn);
          return Number(rows[0]?.busy ?? 0) === 0;
        } finally {
          await sql.raw(`pragma busy_timeout = ${Math.max(0, Math.floor(Number(timeout)))}`).execute(conn);
        }
      });
      if (emptied) return true;
      if (attempt >= TRUNCATE_ATTEMPTS) return false;
      await sleep(TRUNCATE_RETRY_MS);
    }
  } catch {
    // The removal is committed: a checkpoint that fails (a full disk) must not report it failed.
    return false;
  }
}
