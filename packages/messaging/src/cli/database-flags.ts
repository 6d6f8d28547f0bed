import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readSchemaStatus } from '../db/migrate.js';
import { type DatabaseHandle, openDatabase } from '../db/connect.js';
import { DEFAULT_SQLITE_FILE } from '../db/sqlite.js';
import { type CliIo, CliUserError } from './io.js';

/** The flags every database command takes. */
export interface DatabaseFlags {
  db?: string;
  postgres?: string;
  schema?: string;
}

export function addDatabaseFlags(command: Command): Command {
  return command
    .option('--db <path>', `SQLite database file (default: ${DEFAULT_SQLITE_FILE}, or MESSAGING_DATABASE_URL when set)`)
    .option('--postgres <url>', 'Postgres URL instead of a SQLite file (default: MESSAGING_DATABASE_URL)')
    .option('--schema <name>', 'Postgres schema that holds the messaging tables');
}

/** Opens the database the flags (or MESSAGING_DATABASE_URL) point at. */
export function openDatabaseFromFlags(flags: DatabaseFlags, io: CliIo): DatabaseHandle {
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

/**
 * Runs `work` on the database the flags name, then closes it. With `existing`, refuses a
 * SQLite file that is not there and a database without the messaging tables, instead of
 * creating an empty one by mistake.
 */
export async function withDatabase<T>(flags: DatabaseFlags, io: CliIo, work: (handle: DatabaseHandle) => Promise<T>, existing = true): Promise<T> {
  const handle = openDatabaseFromFlags(flags, io);
  try {
    if (existing) {
      if (handle.sqliteFile && !existsSync(handle.sqliteFile)) throw new CliUserError(`There is no messaging database at ${handle.sqliteFile}. Check --db, or run "messaging migrate" first.`);
      if ((await readSchemaStatus(handle.db)).version === 0) throw new CliUserError(`The messaging database ${handle.where} has no tables yet: run "messaging migrate" first.`);
    }
    return await work(handle);
  } finally {
    await handle.close();
  }
}
