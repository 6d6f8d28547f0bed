import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, LATEST_SCHEMA_VERSION, MESSAGING_MIGRATION_TABLES, messagingMigrationProvider, messagingMigrations } from '../../src/index.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { runMigrator } from '../helpers/run-migrator.js';

/**
 * A host that passes its own Kysely runs the package's migrations in its own migration flow
 * (docs/database.md, "Your own migration flow"): the exported record through a Kysely Migrator.
 */

const users = {
  getUsers: async () => [
    { id: '1', displayName: 'Ann' },
    { id: '2', displayName: 'Bob' },
  ],
};
const currentUserId = () => null;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The host's own Kysely: its own pool or file, never opened by the package. */
async function hostKysely(): Promise<{ db: Kysely<any>; schema?: string }> {
  if (TEST_DIALECT === 'sqlite') {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    cleanups.push(() => db.destroy());
    return { db };
  }
  const schema = `msg_host_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 3, options: `-c search_path="${schema}"` }) }),
  });
  cleanups.push(async () => {
    await db.destroy();
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });
  return { db, schema };
}

/** The recipe of docs/database.md: the package's migrations in a Migrator of the host's. */
function hostMigrator(db: Kysely<any>, schema: string | undefined): Migrator {
  return new Migrator({
    db,
    provider: messagingMigrationProvider(),
    ...MESSAGING_MIGRATION_TABLES,
    // Other test schemas on the server hold these table names too: keep the host's to its own.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

describe(`a host's own migration flow on ${TEST_DIALECT}`, () => {
  it('exports every migration by name, each with up and down', () => {
    // The newest migration's number is the schema version `messaging status` reports.
    expect(Object.keys(messagingMigrations).at(-1)?.slice(0, 4)).toBe(String(LATEST_SCHEMA_VERSION).padStart(4, '0'));
    for (const migration of Object.values(messagingMigrations)) {
      expect(typeof migration.up).toBe('function');
      expect(typeof migration.down).toBe('function');
    }
    expect(MESSAGING_MIGRATION_TABLES).toEqual({ migrationTableName: 'messaging_migration', migrationLockTableName: 'messaging_migration_lock' });
  });

  it("runs through the host's Migrator; then the instance on that Kysely is current and works", async () => {
    const { db, schema } = await hostKysely();
    const { error, results } = await runMigrator(() => hostMigrator(db, schema).migrateToLatest());
    expect(error).toBeUndefined();
    expect(results?.map((r) => r.migrationName)).toEqual(Object.keys(messagingMigrations));

    const messaging = createMessaging({ database: { kysely: db }, users, currentUserId });
    cleanups.push(() => messaging.close());
    expect(await messaging.schemaStatus()).toMatchObject({ version: LATEST_SCHEMA_VERSION, latest: LATEST_SCHEMA_VERSION, pending: [], unknown: [] });
    // The two agree: the package's own migrate() finds nothing left to do.
    expect(await messaging.migrate()).toEqual({ applied: [] });
    const { created } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello' });
    expect(created).toBe(true);
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(1);
  });

  it("and the other way round: after messaging.migrate(), the host's Migrator has nothing to do", async () => {
    const { db, schema } = await hostKysely();
    const messaging = createMessaging({ database: { kysely: db }, users, currentUserId });
    cleanups.push(() => messaging.close());
    await messaging.migrate();
    const { error, results } = await runMigrator(() => hostMigrator(db, schema).migrateToLatest());
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
  });
});
