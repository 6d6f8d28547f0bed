import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Command } from 'commander';
import { readSchemaStatus } from '../db/migrations/migrate.js';
import { onBulkChange } from '../services/live/bulk-change.js';
import { channelFor, createPostgresEventBus, openListenConnection } from '../services/live/postgres-event-bus.js';
import { silentLogger } from '../logger.js';
import { type DatabaseHandle, openDatabase } from '../db/connection/connect.js';
import { DEFAULT_SQLITE_FILE } from '../db/connection/sqlite.js';
import { type CliIo, CliUserError } from './io.js';

/** The flags every database command takes. */
export interface DatabaseFlags {
  db?: string;
  postgres?: string;
  schema?: string;
}

export function addDatabaseFlags(command: Command): Command {
  return command
    .option('--db <path>', `SQLite database file (default: ${DEFAULT_SQLITE_FILE}, unless MESSAGING_DATABASE_URL is set)`)
    .option('--postgres <url>', 'Postgres URL instead of a SQLite file (default: MESSAGING_DATABASE_URL)')
    .option('--schema <name>', 'Postgres schema that holds the messaging tables');
}

/** Opens the database the flags (or MESSAGING_DATABASE_URL) point at. */
function openDatabaseFromFlags(flags: DatabaseFlags, io: CliIo): DatabaseHandle {
  if (flags.db && flags.postgres) throw new CliUserError('Give either --db <path> or --postgres <url>, not both.');
  const url = flags.postgres ?? (flags.db ? undefined : io.env.MESSAGING_DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new CliUserError(`"${url}" is not a postgres:// URL.`);
    if (flags.schema && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(flags.schema)) throw new CliUserError(`--schema "${flags.schema}" must be a plain identifier.`);
    return openDatabase({ postgres: { connectionString: url, ...(flags.schema ? { schema: flags.schema } : {}) } });
  }
  if (flags.schema) throw new CliUserError('--schema only applies to Postgres (--postgres <url>).');
  return openDatabase({ sqlite: flags.db ?? DEFAULT_SQLITE_FILE });
}

/** Errors of a server that cannot be reached or refuses us, as opposed to a bug. */
const POSTGRES_CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '28000', '28P01', '3D000']);

/**
 * Connects once before the work, so that a wrong URL, a server that is down or a file that is
 * not a database is reported as such (and not, say, as "no tables yet").
 */
async function checkReachable(handle: DatabaseHandle): Promise<void> {
  try {
    await sql`select 1`.execute(handle.db);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const reason = e?.message || e?.code || String(err);
    if (handle.capabilities.name === 'postgres' && e?.code && POSTGRES_CONNECT_CODES.has(e.code)) {
      throw new CliUserError(`Cannot connect to ${handle.where}: ${reason}. Check the URL (--postgres or MESSAGING_DATABASE_URL) and that the server is running.`);
    }
    if (e?.code === 'SQLITE_NOTADB') throw new CliUserError(`${handle.where} is not a SQLite database (${reason}). Check --db.`);
    throw err;
  }
}

/**
 * What a command needs before it runs: `tables` (the default) refuses a SQLite file that is
 * not there and a database without the messaging tables; `file` refuses only the missing
 * file (so a typo in --db never creates an empty database); `none` creates what is missing.
 */
export type DatabaseNeed = 'tables' | 'file' | 'none';

/** Runs `work` on the database the flags name, then closes it. */
export async function withDatabase<T>(flags: DatabaseFlags, io: CliIo, work: (handle: DatabaseHandle) => Promise<T>, need: DatabaseNeed = 'tables'): Promise<T> {
  const handle = openDatabaseFromFlags(flags, io);
  try {
    // Checked before the first query: opening a SQLite file creates it.
    if (need !== 'none' && handle.sqliteFile && !existsSync(handle.sqliteFile)) {
      throw new CliUserError(`There is no messaging database at ${handle.sqliteFile}. Check --db, or run "messaging migrate" first.`);
    }
    await checkReachable(handle);
    if (need === 'tables' && (await readSchemaStatus(handle.db)).version === 0) {
      throw new CliUserError(`The messaging database ${handle.where} has no tables yet: run "messaging migrate" first.`);
    }
    // On Postgres, running app servers hear of bulk jobs (prune, forget-user) on their live
    // bus, so their badge caches start over. Publishing opens no listening connection.
    const postgres = handle.postgres;
    const bus = postgres
      ? createPostgresEventBus({ db: handle.db, channel: channelFor(postgres.schema), connect: () => openListenConnection(postgres), logger: silentLogger })
      : undefined;
    const stop = bus ? onBulkChange(handle.db, () => void bus.publish({ type: 'bulk' })) : () => {};
    try {
      return await work(handle);
    } finally {
      stop();
      await bus?.close(); // waits for the publishes under way
    }
  } finally {
    await handle.close();
  }
}
