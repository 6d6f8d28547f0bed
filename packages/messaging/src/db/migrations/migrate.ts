import { type Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import { isMessagingError, MessagingError } from '../../errors.js';
import { detectDialect } from '../connection/dialect.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MIGRATION_LOCK_TABLE, MIGRATION_TABLE, schemaVersionOf } from './index.js';
import { isMissingTableError } from '../faults/missing-table.js';
import { describeCause, isDatabaseUnavailableError } from '../faults/unavailable-error.js';
import type { DatabaseHandle } from '../connection/connect.js';
import { scopedToSchema } from './scoped-introspection.js';

/** Where a database stands against the migrations this copy of the package knows. */
export interface SchemaStatus {
  /** Migrations applied to the database, in order. */
  applied: string[];
  /** Known migrations not yet applied. */
  pending: string[];
  /** Applied migrations this copy does not know: the database is from a newer version. */
  unknown: string[];
  /** Schema version of the database: the number of its newest applied migration (`0009_…` is 9), 0 when empty. */
  version: number;
  /** Schema version this copy writes. */
  latest: number;
}

function createMigrator(db: Kysely<any>, extra: { migrationTableSchema?: string; disableTransactions?: boolean }): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...extra,
  });
}

/**
 * One attempt at migrating. On Postgres the bookkeeping tables are pinned to our schema:
 * without that, Kysely finds `messaging_migration` in any other schema of the database (a
 * second install, a test run) and skips creating ours. On SQLite the whole run holds the
 * write lock from its first statement (BEGIN IMMEDIATE): a deferred transaction would read a
 * snapshot that another process's migration makes stale and fail half-way.
 */
async function migrateOnce(db: Kysely<any>, postgresSchema: string | undefined) {
  if (detectDialect(db) === 'postgres') {
    const schema = postgresSchema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
    return schema ? createMigrator(scopedToSchema(db, schema), { migrationTableSchema: schema }).migrateToLatest() : createMigrator(db, {}).migrateToLatest();
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    const result = await createMigrator(conn, { disableTransactions: true }).migrateToLatest();
    await sql.raw(result.error ? 'rollback' : 'commit').execute(conn);
    return result;
  });
}

/** Reads which migrations the database has, without changing anything. */
export async function readSchemaStatus(db: Kysely<any>): Promise<SchemaStatus> {
  let applied: string[] = [];
  try {
    const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
    applied = rows.map((r: { name: string }) => r.name);
  } catch (err) {
    if (!isMissingTableError(err)) throw err;
  }
  const known = Object.keys(MIGRATIONS);
  return {
    applied,
    pending: known.filter((n) => !applied.includes(n)),
    unknown: applied.filter((n) => !known.includes(n)),
    version: Math.max(0, ...applied.map(schemaVersionOf)),
    latest: LATEST_SCHEMA_VERSION,
  };
}

function schemaTooNew(status: SchemaStatus, where: string): MessagingError {
  return new MessagingError(
    'schema_too_new',
    `The messaging database ${where} has schema version ${status.version} (migrations ${status.unknown.join(', ')} are unknown here), ` +
      `but this copy of @org/messaging writes version ${status.latest}. Upgrade @org/messaging; the database was left untouched.`,
    { details: status },
  );
}

function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_BUSY' || e?.code === 'SQLITE_LOCKED' || /database is locked/i.test(String(e?.message));
}

/** How often a step that SQLite answered busy is tried again, and the pause before each try. */
const BUSY_ATTEMPTS = 50;
const busyPause = () => new Promise((r) => setTimeout(r, 20 + Math.random() * 80));

/**
 * Reads again while SQLite answers busy. In WAL mode a read can fail at once with SQLITE_BUSY,
 * without waiting for the busy timeout, while another process opening the same new file holds
 * the lock that recovers or sets up its WAL (seen when three processes migrated one new file).
 */
async function readWhileBusy<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!isBusy(err) || attempt >= BUSY_ATTEMPTS) throw err;
      await busyPause();
    }
  }
}

/**
 * A Postgres catalog read that met a schema or table dropped by another session at that very
 * moment fails with "schema/column/relation does not exist" or "cache lookup failed". The
 * Migrator's own reads are scoped to our schema (scoped-introspection.ts); this stays for
 * what remains (a migration's DDL meeting a concurrent drop). Nothing was written yet, so a
 * few retries are safe. Tests running a Migrator of their own retry on it too.
 */
export function isCatalogRace(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '3F000' || e?.code === '42703' || e?.code === '42P01' || /cache lookup failed/i.test(String(e?.message));
}

/**
 * Brings the database to the latest schema. Safe to run from several processes at once:
 * Postgres takes Kysely's advisory lock; on SQLite a transaction that loses the race to a
 * writer in another process is retried after that writer is done.
 * @param database the open database: its Kysely, its name for errors (`where`) and, on
 * Postgres, the schema to create first.
 * @returns the names of the migrations this call applied.
 */
export async function migrateToLatest(database: Pick<DatabaseHandle, 'db' | 'where' | 'postgres'>): Promise<string[]> {
  try {
    return await migrateUnchecked(database);
  } catch (err) {
    // A server that is down or a file that cannot be written: say which database, and why.
    if (isMessagingError(err) || !isDatabaseUnavailableError(err)) throw err;
    throw new MessagingError('database_unavailable', `Cannot reach the messaging database ${database.where}: ${describeCause(err)}`, { cause: err });
  }
}

async function migrateUnchecked(database: Pick<DatabaseHandle, 'db' | 'where' | 'postgres'>): Promise<string[]> {
  const { db, where } = database;
  const postgresSchema = database.postgres?.schema;
  if (postgresSchema) {
    try {
      await sql`create schema if not exists ${sql.id(postgresSchema)}`.execute(db);
    } catch (err) {
      // Two processes creating it at once: "if not exists" is not atomic in Postgres.
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  const before = await readWhileBusy(() => readSchemaStatus(db));
  if (before.unknown.length > 0) throw schemaTooNew(before, where);
  if (before.pending.length === 0) return [];

  for (let attempt = 0; ; attempt++) {
    const { error, results } = await migrateOnce(db, postgresSchema).catch((err: unknown) => ({ error: err, results: undefined }));
    if (!error) return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
    if ((isBusy(error) && attempt < BUSY_ATTEMPTS) || (isCatalogRace(error) && attempt < 5)) {
      await busyPause();
      continue;
    }
    const after = await readSchemaStatus(db).catch(() => undefined);
    if (after && after.unknown.length > 0) throw schemaTooNew(after, where);
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MessagingError(
      'database_unavailable',
      `Migrating the messaging database ${where} failed${failed ? ` at ${failed}` : ''}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
}
