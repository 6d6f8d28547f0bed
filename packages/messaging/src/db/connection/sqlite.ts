import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, SqliteDialect, type SqliteDatabase, SqliteDriver } from 'kysely';
import { remembered } from '../../shared/remembered.js';
import { loadDriver } from './load-driver.js';
import { sqliteFolderError, sqliteOpenError } from '../faults/sqlite-open-error.js';
import type { MessagingDatabase } from '../schema.js';

/** The `synchronous` settings offered (the option is checked against this list). */
export const SQLITE_SYNCHRONOUS_MODES = ['normal', 'full'] as const;

/** Where and how to open the SQLite database. */
export interface SqliteOptions {
  /**
   * The database file; its folder is created when missing. `:memory:` keeps it in memory
   * (tests).
   * @default 'data/messages.db'
   */
  file?: string;
  /**
   * `normal` is safe against a crash of the app in WAL mode (an acknowledged write survives a
   * killed process); `full` also survives a power cut, at some cost per write.
   * @default 'normal'
   */
  synchronous?: (typeof SQLITE_SYNCHRONOUS_MODES)[number];
  /**
   * How long a write waits for another process's lock before failing, in milliseconds.
   * @default 5000
   */
  busyTimeoutMs?: number;
}

export const DEFAULT_SQLITE_FILE = 'data/messages.db';

/** Resolves the file name a SQLite option points at (absolute, or `:memory:`). */
export function sqliteFilePath(file: string | undefined): string {
  const f = file ?? DEFAULT_SQLITE_FILE;
  return f === ':memory:' ? f : resolve(f);
}

/** Opens a better-sqlite3 connection with the pragmas the package relies on. */
async function openSqlite(options: SqliteOptions): Promise<BetterSqlite3.Database> {
  const Database = await loadDriver<typeof BetterSqlite3>('better-sqlite3', 'The SQLite messaging database');
  const file = sqliteFilePath(options.file);
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw sqliteFolderError(file, err);
    }
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file);
    // busy_timeout first: the journal_mode switch itself may wait on another process.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    // Deleted text is zeroed where it was, also in pages that splits rearrange (services/operations/secure-delete.ts).
    db.pragma('secure_delete = ON');
  } catch (err) {
    // The pragmas are the first reads and writes: a read-only folder or file shows here.
    db?.close();
    throw sqliteOpenError(file, err);
  }
  return db;
}

/**
 * Starts every transaction with `BEGIN IMMEDIATE`: it takes the write lock first, waiting up
 * to the busy timeout for another process. Kysely's plain `BEGIN` is deferred: a transaction
 * that has read and then wants to write while another process writes fails at once with
 * SQLITE_BUSY (the busy timeout does not apply to that upgrade), and the member sees an error.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  /** Kysely holds the one connection now (a query, a transaction, `db.connection()`). */
  held = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.held = true;
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    this.held = false;
    await super.releaseConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite rolls a transaction back by itself on SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY and
   * the like; Kysely's own `rollback` then fails with "no transaction is active" and that
   * error replaced the real cause (a full disk was logged as a failed rollback).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (err) {
      if (!/no transaction is active/i.test(String((err as Error)?.message))) throw err;
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: () => Promise<SqliteDatabase>;

  constructor(database: () => Promise<SqliteDatabase>) {
    super({ database });
    this.#database = database;
  }

  /** The driver Kysely made (it makes one per instance). */
  driver: ImmediateSqliteDriver | undefined;

  override createDriver(): Driver {
    this.driver = new ImmediateSqliteDriver({ database: this.#database });
    return this.driver;
  }
}

/** How many prepared statements one connection keeps (the package issues a few dozen shapes). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as Kysely sees it, with prepared statements kept per SQL text. Kysely's
 * driver prepares every query anew, which was about 30% of a send's CPU; a statement is
 * reusable because the driver runs one query at a time on its single connection. The oldest
 * statement goes when the cache is full (`in (?, ?, …)` lists make some shapes vary).
 */
function withStatementCache(db: BetterSqlite3.Database): { prepare(source: string): BetterSqlite3.Statement; close(): void } {
  return { prepare: remembered((source: string) => db.prepare(source), STATEMENT_CACHE_SIZE), close: () => db.close() };
}

/**
 * What the send path uses of a better-sqlite3 statement. Declared here, not taken from
 * `@types/better-sqlite3`: this type reaches the published declarations, and a host on
 * Postgres need not have the driver's types installed.
 */
export interface SyncStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * The package's own better-sqlite3 connection, for statements that must run back to back with
 * no await between them (a send's transaction). Use it only while holding Kysely's connection
 * (`db.connection().execute(...)`) or while it is {@link SyncSqlite.idle}: the two share one connection.
 */
export interface SyncSqlite {
  /** Prepares (once per SQL text, from the same cache as Kysely's queries). */
  prepare(source: string): SyncStatement;
  /** Runs `fn` in BEGIN IMMEDIATE ... COMMIT, rolled back when it throws. */
  immediate<T>(fn: () => T): T;
  /**
   * True when neither a Kysely query nor a transaction holds the connection: synchronous
   * statements may then run at once, without waiting for `db.connection()` (nothing can come
   * between them, and none of Kysely's work is under way to come between).
   */
  idle(): boolean;
}

/** A Kysely instance over a SQLite file, and the file's data version. */
/** The connection Kysely opened before handing it over (it opens the file on the first acquire). */
export function openedSync(sqliteSync: () => SyncSqlite | undefined): SyncSqlite {
  const sync = sqliteSync();
  if (!sync) throw new Error('messaging: the SQLite connection is not open');
  return sync;
}

export interface SqliteKysely {
  db: Kysely<MessagingDatabase>;
  /** The connection for synchronous statements; undefined until the first query opened the file. */
  sync(): SyncSqlite | undefined;
  /**
   * SQLite's `PRAGMA data_version` on the package's connection: it changes whenever ANOTHER
   * connection (the CLI, a second app process) commits to the file, and never for our own
   * writes. Undefined until the first query opened the file.
   */
  dataVersion(): number | undefined;
}

/** A Kysely instance over a lazily opened SQLite file, preparing each statement once. */
export function openSqliteKysely(options: SqliteOptions): SqliteKysely {
  let version: (() => number) | undefined;
  let sync: SyncSqlite | undefined;
  const dialect = new ImmediateSqliteDialect(async () => {
    const raw = await openSqlite(options);
    const statement = raw.prepare('PRAGMA data_version').pluck();
    version = () => statement.get() as number;
    const cached = withStatementCache(raw);
    // One transaction function for every call: better-sqlite3 builds four wrappers per `transaction()`.
    const immediate = raw.transaction((fn: () => unknown) => fn()).immediate;
    sync = {
      prepare: cached.prepare,
      immediate: <T>(fn: () => T) => immediate(fn) as T,
      idle: () => dialect.driver?.held === false && !raw.inTransaction,
    };
    return cached as SqliteDatabase;
  });
  const db = new Kysely<MessagingDatabase>({ dialect });
  return { db, dataVersion: () => version?.(), sync: () => sync };
}
