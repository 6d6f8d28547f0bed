import type { Kysely } from 'kysely';
import { type DialectCapabilities, type DialectName, capabilitiesFor, detectDialect } from './dialect.js';
import { type PostgresOptions, createPostgresKysely, redactUrl } from './postgres.js';
import type { MessagingDatabase } from '../schema.js';
import { type SqliteOptions, type SyncSqlite, openSqliteKysely, sqliteFilePath } from './sqlite.js';

/**
 * Where the messages live: a SQLite file (the default), Postgres, or a Kysely instance the
 * host already has.
 */
export type DatabaseOption = { sqlite: string | SqliteOptions } | { postgres: string | PostgresOptions } | { kysely: Kysely<any>; dialect?: DialectName };

/** An open messaging database and what the package needs to know about it. */
export interface DatabaseHandle {
  readonly db: Kysely<MessagingDatabase>;
  readonly capabilities: DialectCapabilities;
  /** Names the database in messages: a file path or a URL with its password hidden. */
  readonly where: string;
  /** The SQLite file, when there is one (not for `:memory:` or a host's Kysely). */
  readonly sqliteFile?: string;
  /** The Postgres settings, when the package opened the connection itself. */
  readonly postgres?: PostgresOptions;
  /**
   * For a SQLite file the package opened: a number that changes whenever another connection
   * (another process, the CLI) commits to it; caches of this process check it. Absent elsewhere.
   */
  readonly dataVersion?: () => number | undefined;
  /** For a SQLite database the package opened: its connection for synchronous statements (see `SyncSqlite`). Absent elsewhere. */
  readonly sqliteSync?: () => SyncSqlite | undefined;
  /**
   * True once {@link DatabaseHandle.close} was called: the instance is shutting down, and a
   * query still under way or started now fails because of that, not because of a fault.
   */
  readonly closed: boolean;
  /** Ends the connections the package opened; a host's own Kysely or pool is left open. */
  close(): Promise<void>;
}

/** `handle` with `closed`, which `close` sets before it ends anything. */
function closable(handle: Omit<DatabaseHandle, 'closed'>): DatabaseHandle {
  let closed = false;
  return {
    ...handle,
    get closed() {
      return closed;
    },
    close() {
      closed = true;
      return handle.close();
    },
  };
}

/** Opens (lazily: the first query connects) the database an option describes. */
export function openDatabase(option: DatabaseOption): DatabaseHandle {
  if ('kysely' in option) {
    const name = option.dialect ?? detectDialect(option.kysely) ?? 'sqlite';
    return closable({
      db: option.kysely as Kysely<MessagingDatabase>,
      capabilities: capabilitiesFor(name),
      where: `(the host's ${name} Kysely instance)`,
      close: async () => {},
    });
  }
  if ('postgres' in option) {
    const pgOptions: PostgresOptions = typeof option.postgres === 'string' ? { connectionString: option.postgres } : option.postgres;
    const db = createPostgresKysely(pgOptions);
    const where = pgOptions.connectionString ? redactUrl(pgOptions.connectionString) : "(the host's pg pool)";
    return closable({
      db,
      capabilities: capabilitiesFor('postgres'),
      where: pgOptions.schema ? `${where} (schema ${pgOptions.schema})` : where,
      postgres: pgOptions,
      close: () => db.destroy(),
    });
  }
  const sqliteOptions: SqliteOptions = typeof option.sqlite === 'string' ? { file: option.sqlite } : option.sqlite;
  const file = sqliteFilePath(sqliteOptions.file);
  const { db, dataVersion, sync } = openSqliteKysely({ ...sqliteOptions, file });
  const fileBacked = file !== ':memory:';
  return closable({
    db,
    dataVersion,
    sqliteSync: sync,
    capabilities: capabilitiesFor('sqlite', { fileBacked, lockedAtBegin: true }),
    where: file,
    ...(fileBacked ? { sqliteFile: file } : {}),
    close: () => db.destroy(),
  });
}
