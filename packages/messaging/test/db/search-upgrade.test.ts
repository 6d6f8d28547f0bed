import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { migrateThrough } from '../helpers/run-migrator.js';

let open: Array<{ messaging: Messaging; database: TestDatabase }> = [];
afterEach(async () => {
  for (const { messaging, database } of open) {
    await messaging.close();
    await database.cleanup();
  }
  open = [];
});

/** An instance whose database has every migration before the search index (as an older copy of the package left it). */
async function beforeSearchIndex(): Promise<Messaging> {
  const database = createTestDatabase();
  const messaging = createMessaging({
    database: database.option,
    users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
  });
  open.push({ messaging, database });
  const names = Object.keys(MIGRATIONS);
  await migrateThrough(messaging, Object.fromEntries(Object.entries(MIGRATIONS).slice(0, names.indexOf('0008_search_index'))));
  return messaging;
}

const T0 = '2026-01-01T00:00:00.000Z';

describe(`the search index on an existing ${TEST_DIALECT} database`, () => {
  it('is built for the messages already there (not the removed ones) and follows later changes', async () => {
    const messaging = await beforeSearchIndex();
    const db = messaging.database.db as Kysely<any>;
    await db
      .insertInto('messaging_threads')
      .values({ id: 'g', kind: 'group', subject: 'g', direct_key: null, created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null })
      .execute();
    for (const user_id of ['1', '2', '3']) {
      await db
        .insertInto('messaging_participants')
        .values({ thread_id: 'g', user_id, joined_at: T0, last_read_message_id: null, unread_count: 0, last_activity_at: T0, archived_at: null, muted_at: null, left_at: null })
        .execute();
    }
    const message = (body: string, deleted_at: string | null = null) => ({ thread_id: 'g', sender_id: '1', body, created_at: T0, edited_at: null, deleted_at });
    const [old] = await db.insertInto('messaging_messages').values(message('an older invoice')).returning('id').execute();
    await db.insertInto('messaging_messages').values(message('a removed invoice', T0)).execute();

    expect((await messaging.migrate()).applied).toContain('0008_search_index');
    await messaging.toggle.setEnabled(true, null);
    const search = async (q: string) => (await messaging.conversations.searchMessages('2', q)).items.map((r) => r.message.body);
    expect(await search('invoice')).toEqual(['an older invoice']);
    await db.updateTable('messaging_messages').set({ body: 'an older receipt' }).where('id', '=', old!.id).execute();
    expect(await search('invoice')).toEqual([]);
    expect(await search('receipt')).toEqual(['an older receipt']);
  });
});
