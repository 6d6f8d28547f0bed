import pg from 'pg';
import { createTestDatabase, type TestDatabase, TEST_POSTGRES_URL } from './test-database.js';

/**
 * Migrated Postgres schemas of this test file that a finished test emptied, for the next
 * test to take. Making a schema and running every migration on it costs about half a second
 * a test on Postgres (most of the suite's time there); emptying one costs a few ms and leaves it as a fresh migration would (tables, indexes, triggers; no rows;
 * sequences back at 1). Only the instances of `createTestMessaging` use it: tests that make
 * their own database (migrations, upgrades, faults) still get a brand-new schema.
 */
const free: string[] = [];
/** Schemas of this file, in use or free: dropped when the file ends. */
const mine = new Set<string>();
/** The migration bookkeeping a recycled schema keeps (so it is not migrated again). */
const KEPT_TABLES = new Set(['messaging_migration', 'messaging_migration_lock']);

let pool: pg.Pool | undefined;
function admin(): pg.Pool {
  // allowExitOnIdle: an idle pool never keeps a test process alive.
  pool ??= new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  return pool;
}

function schemaOf(database: TestDatabase): string {
  const option = database.option as { postgres: { schema: string } };
  return option.postgres.schema;
}

/**
 * A Postgres database for a test instance: a schema a previous test of this file emptied
 * (already migrated), else a fresh one. `recycle` (instead of `cleanup`) gives it back once
 * the instance is closed.
 */
export function takePostgresDatabase(): TestDatabase & { recycled: boolean } {
  // MESSAGING_TEST_FRESH_SCHEMAS=1: a new schema for every test (to rule recycling out).
  const schema = process.env.MESSAGING_TEST_FRESH_SCHEMAS === '1' ? undefined : free.pop();
  if (schema) {
    return {
      recycled: true,
      option: { postgres: { connectionString: TEST_POSTGRES_URL, schema, poolConfig: { max: 5, idleTimeoutMillis: 1000 } } },
      cleanup: () => recycle(schema),
    };
  }
  const database = createTestDatabase('postgres');
  const created = schemaOf(database);
  mine.add(created);
  return { ...database, recycled: false, cleanup: () => recycle(created) };
}

/**
 * Empties a schema for the next test. A lock held by something the test left running makes
 * the DELETEs wait: after a short lock timeout the schema is left to be dropped at the file's end.
 */
async function recycle(schema: string): Promise<void> {
  const client = await admin().connect();
  try {
    let statements = emptying.get(schema);
    if (!statements) {
      statements = await emptyingStatements(client, schema);
      emptying.set(schema, statements);
    }
    await client.query(statements);
    free.push(schema);
  } catch {
    await client.query('rollback').catch(() => {});
  } finally {
    client.release();
  }
}

/** Per schema: the one multi-statement query that empties it (same tables every time). */
const emptying = new Map<string, string>();

/**
 * DELETE from every table (foreign keys and triggers off for the transaction, as a replica
 * would apply rows) and every sequence back to 1: on a test's few rows much cheaper than
 * TRUNCATE, which gives every table and index a new file.
 */
async function emptyingStatements(client: pg.PoolClient, schema: string): Promise<string> {
  const tables = await client.query<{ tablename: string }>('select tablename from pg_tables where schemaname = $1', [schema]);
  const sequences = await client.query<{ sequencename: string }>('select sequencename from pg_sequences where schemaname = $1', [schema]);
  const id = (name: string) => `"${schema}"."${name}"`;
  return [
    'begin',
    "set local lock_timeout = '3s'",
    'set local session_replication_role = replica',
    ...tables.rows.filter((r) => !KEPT_TABLES.has(r.tablename)).map((r) => `delete from ${id(r.tablename)}`),
    ...sequences.rows.map((r) => `alter sequence ${id(r.sequencename)} restart`),
    'commit',
  ].join(';\n');
}

/** Drops this file's schemas (vitest setup file, after the file's own afterAll hooks). */
export async function dropRecycledSchemas(): Promise<void> {
  if (mine.size === 0) return;
  const schemas = [...mine];
  mine.clear();
  free.length = 0;
  const client = await admin().connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    client.release();
  }
}
