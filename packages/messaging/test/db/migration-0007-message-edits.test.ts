import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { migrateThrough } from '../helpers/run-migrator.js';

/** Migration 0007 on a database that already holds reports (the migrations-upgrade.test.ts pattern). */
let open: Array<{ messaging: Messaging; database: TestDatabase }> = [];
afterEach(async () => {
  for (const { messaging, database } of open) {
    await messaging.close();
    await database.cleanup();
  }
  open = [];
});

/** An instance whose database stands just before 0007, as an older copy of the package left it. */
async function before0007(): Promise<Messaging> {
  const database = createTestDatabase();
  const messaging = createMessaging({ database: database.option, users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) }, currentUserId: () => null });
  open.push({ messaging, database });
  await migrateThrough(messaging, Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0007')));
  return messaging;
}

const T0 = '2026-01-01T00:00:00.000Z';

describe(`migration 0007 (message edits) on ${TEST_DIALECT}`, () => {
  it('adds reports.body_snapshot, filled from the message for existing reports (null where a moderator already removed it)', async () => {
    const messaging = await before0007();
    const db = messaging.database.db as Kysely<any>;
    await db
      .insertInto('messaging_threads')
      .values({ id: 't1', kind: 'direct', subject: null, direct_key: '["1","2"]', created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null })
      .execute();
    for (const user_id of ['1', '2']) {
      await db
        .insertInto('messaging_participants')
        .values({ thread_id: 't1', user_id, joined_at: T0, last_read_message_id: null, unread_count: 0, last_activity_at: T0, archived_at: null, muted_at: null, left_at: null })
        .execute();
    }
    const standing = await db
      .insertInto('messaging_messages')
      .values({ thread_id: 't1', sender_id: '1', body: 'rude words', created_at: T0, edited_at: null, deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const removed = await db
      .insertInto('messaging_messages')
      .values({ thread_id: 't1', sender_id: '1', body: 'worse words', created_at: T0, edited_at: null, deleted_at: T0, deleted_by: '5', deleted_reason: 'moderator' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [message, status] of [
      [standing.id, 'open'],
      [removed.id, 'message_deleted'],
    ] as const) {
      await db
        .insertInto('messaging_reports')
        .values({
          message_id: message,
          thread_id: 't1',
          reporter_id: '2',
          sender_id: '1',
          reason: 'spam',
          note: null,
          status,
          created_at: T0,
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
    }

    await messaging.migrate();
    const rows = await db.selectFrom('messaging_reports').select(['message_id', 'body_snapshot']).orderBy('id').execute();
    expect(rows.map((r) => r.body_snapshot)).toEqual(['rude words', null]);
    const review = await messaging.reports.listOpen();
    expect(review.items[0]).toMatchObject({ reportedBody: 'rude words' });
  });
});
