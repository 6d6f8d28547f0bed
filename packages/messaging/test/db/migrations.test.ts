import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { LATEST_SCHEMA_VERSION, MESSAGING_TABLES, MIGRATIONS } from '../../src/db/migrations/index.js';
import { isMessagingError } from '../../src/errors.js';
import { listSchemaObjects } from '../helpers/introspect.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

const users = { getUsers: async () => [] };
const currentUserId = () => null;

/** The released migrations, in order: their names never change. */
const RELEASED_MIGRATIONS = ['0001_initial', '0002_unambiguous_direct_keys', '0003_leave_marks', '0004_idempotency_fingerprints'];
/** Every migration, in order: the released ones, then the ones added since (read from the record, so adding one needs no edit here). */
const ALL_MIGRATIONS = Object.keys(MIGRATIONS);

const EXPECTED_INDEXES = [
  'messaging_participants_inbox',
  'messaging_participants_unread',
  'messaging_messages_thread',
  'messaging_messages_sender',
  'messaging_messages_created',
  'messaging_blocks_blocked',
  'messaging_idempotency_keys_created',
  'messaging_reports_reporter',
  'messaging_reports_status',
];

let open: TestMessaging[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

async function fresh(): Promise<TestMessaging> {
  const t = await createTestMessaging();
  open.push(t);
  return t;
}

describe(`migrations on ${TEST_DIALECT}`, () => {
  it('creates every table and index, with the migration tables named for good', async () => {
    const { messaging } = await fresh();
    const { tables, indexes } = await listSchemaObjects(messaging.database.db, TEST_DIALECT);
    expect(tables).toEqual(expect.arrayContaining([...MESSAGING_TABLES, 'messaging_migration', 'messaging_migration_lock']));
    expect(indexes).toEqual(expect.arrayContaining(EXPECTED_INDEXES));
    expect(ALL_MIGRATIONS.slice(0, RELEASED_MIGRATIONS.length)).toEqual(RELEASED_MIGRATIONS);
    expect(await messaging.schemaStatus()).toMatchObject({ version: LATEST_SCHEMA_VERSION, latest: LATEST_SCHEMA_VERSION, pending: [], unknown: [] });
  });

  it('changes nothing when run again', async () => {
    const { messaging } = await fresh();
    const before = await listSchemaObjects(messaging.database.db, TEST_DIALECT);
    expect(await messaging.migrate()).toEqual({ applied: [] });
    expect(await listSchemaObjects(messaging.database.db, TEST_DIALECT)).toEqual(before);
    expect((await messaging.schemaStatus()).applied).toEqual(ALL_MIGRATIONS);
  });

  it('refuses a database written by a newer schema version and leaves it untouched', async () => {
    const database = createTestDatabase();
    const first = createMessaging({ database: database.option, users, currentUserId });
    try {
      await first.migrate();
      await first.database.db
        .insertInto('messaging_migration' as any)
        .values({ name: '0099_from_the_future', timestamp: new Date().toISOString() } as any)
        .execute();
      const before = await listSchemaObjects(first.database.db, TEST_DIALECT);

      const err = await first.migrate().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMessagingError(err) && err.code).toBe('schema_too_new');
      expect(String((err as Error).message)).toMatch(/newer version.*0099_from_the_future|0099_from_the_future.*Upgrade @org\/messaging/s);
      expect(await listSchemaObjects(first.database.db, TEST_DIALECT)).toEqual(before);
      expect((await first.schemaStatus()).applied).toEqual([...ALL_MIGRATIONS, '0099_from_the_future']);
    } finally {
      await first.close();
      await database.cleanup();
    }
  });

  // SQLite in memory is private to one connection; test/unit/sqlite-file.test.ts races real processes on a file.
  it.runIf(TEST_DIALECT === 'postgres')('lets two instances migrate one database at the same moment', async () => {
    const database = createTestDatabase();
    const a = createMessaging({ database: database.option, users, currentUserId });
    const b = createMessaging({ database: database.option, users, currentUserId });
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      expect([...ra.applied, ...rb.applied]).toEqual(ALL_MIGRATIONS);
      expect(await a.schemaStatus()).toMatchObject({ version: LATEST_SCHEMA_VERSION, pending: [] });
    } finally {
      await Promise.all([a.close(), b.close()]);
      await database.cleanup();
    }
  });

  it.runIf(TEST_DIALECT === 'postgres')('migrates a schema of its own while another schema of the database already has the tables', async () => {
    const other = createTestDatabase();
    const mine = createTestDatabase();
    const a = createMessaging({ database: other.option, users, currentUserId });
    const b = createMessaging({ database: mine.option, users, currentUserId });
    try {
      await a.migrate();
      expect(await b.migrate()).toEqual({ applied: ALL_MIGRATIONS });
      const { tables } = await listSchemaObjects(b.database.db, 'postgres');
      expect(tables).toEqual(expect.arrayContaining(['messaging_migration', 'messaging_migration_lock', ...MESSAGING_TABLES]));
    } finally {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([other.cleanup(), mine.cleanup()]);
    }
  });

  it('stores message ids in order and one thread per direct pair', async () => {
    const { messaging } = await fresh();
    const db = messaging.database.db;
    const now = new Date().toISOString();
    await db
      .insertInto('messaging_threads')
      .values({ id: 't1', kind: 'direct', subject: null, direct_key: '1:2', created_by: '1', created_at: now, last_message_at: now, last_message_id: null })
      .execute();
    const dup = db
      .insertInto('messaging_threads')
      .values({ id: 't2', kind: 'direct', subject: null, direct_key: '1:2', created_by: '2', created_at: now, last_message_at: now, last_message_id: null })
      .execute();
    await expect(dup).rejects.toThrow(/unique/i);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const row = await db
        .insertInto('messaging_messages')
        .values({ thread_id: 't1', sender_id: '1', body: `m${i}`, created_at: now, edited_at: null, deleted_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(String(row.id));
    }
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(3);
  });
});
