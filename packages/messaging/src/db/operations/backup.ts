import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { MessagingError } from '../../errors.js';
import { loadDriver } from '../connection/load-driver.js';

/** Options of {@link backupSqlite}. */
export interface SqliteBackupOptions {
  /** Replace a file that is already there. @default false */
  overwrite?: boolean;
  /** Called after each step of the copy. */
  onProgress?: (progress: { totalPages: number; remainingPages: number }) => void;
}

/** What {@link backupSqlite} wrote. */
export interface SqliteBackupResult {
  file: string;
  bytes: number;
  /** Rows of `messaging_messages` in the copy. */
  messages: number;
  /** Times the copy started over because the app wrote meanwhile (each restart copies more per step). */
  restarts: number;
}

/** The largest step SQLite accepts: the whole database at once. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a live SQLite messaging database with SQLite's online backup API (better-sqlite3's
 * `backup()`), while the app keeps reading and writing it: the copy is a consistent snapshot
 * that holds every transaction committed before the copy's last step began. A write from
 * another connection makes SQLite restart the copy; each restart multiplies the pages copied
 * per step, so that under a steady load it ends with one step (a snapshot read, which in WAL
 * mode does not block writers). The copy is written next to the target, checked with
 * `PRAGMA integrity_check`, switched to a single file (rollback journal) and only then renamed
 * into place, so a failed backup never leaves a half-written file under the target's name.
 */
export async function backupSqlite(sourceFile: string, targetFile: string, options: SqliteBackupOptions = {}): Promise<SqliteBackupResult> {
  const source = resolve(sourceFile);
  const target = resolve(targetFile);
  if (!existsSync(source)) throw new MessagingError('database_unavailable', `There is no messaging database at ${source}.`);
  if (source === target) throw new TypeError('The backup file must not be the database itself.');
  if (existsSync(target) && !options.overwrite) throw new TypeError(`${target} already exists.`);
  const Database = await loadDriver<typeof BetterSqlite3>('better-sqlite3', 'Backing up the SQLite messaging database');
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  // SQLite would create the copy 0644: made here first (an empty file is an empty database),
  // it is the owner's only from the first page on, and its journal files inherit that mode.
  closeSync(openSync(partial, 'wx', 0o600));

  let restarts = 0;
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    let rate = 1024;
    let lastRemaining = Infinity;
    await src.backup(partial, {
      progress: (progress) => {
        if (progress.remainingPages > lastRemaining) {
          restarts += 1;
          rate = Math.min(ALL_PAGES, rate * 8);
        }
        lastRemaining = progress.remainingPages;
        options.onProgress?.(progress);
        return rate;
      },
    });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    src.close();
  }

  let messages = 0;
  const copy = new Database(partial, { fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = check.map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') throw new MessagingError('database_unavailable', `The backup failed its integrity check: ${verdict}`);
    copy.pragma('journal_mode = DELETE');
    const hasMessages = copy.prepare("select 1 from sqlite_master where type = 'table' and name = 'messaging_messages'").get();
    if (hasMessages) messages = Number((copy.prepare('select count(*) as n from messaging_messages').get() as { n: number }).n);
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, messages, restarts };
}
