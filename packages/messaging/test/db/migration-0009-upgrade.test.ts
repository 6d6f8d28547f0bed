import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { migrateThrough } from '../helpers/run-migrator.js';

/** Migration 0009 (contexts, pair keys, join marks, thread events) over a database that already holds threads and messages. */
let open: Array<{ messaging: Messaging; database: TestDatabase }> = [];
afterEach(async () => {
  for (const { messaging, database } of open) {
    await messaging.close();
    await database.cleanup();
  }
  open = [];
});

/** An instance whose database stands just before 0009, as an older copy of the package left it. */
async function beforeVersion9(): Promise<Messaging> {
  const database = createTestDatabase();
  const messaging = createMessaging({
    database: database.option,
    users: { getUsers: (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
  });
  open.push({ messaging, database });
  await migrateThrough(messaging, Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0009')));
  return messaging;
}

const T0 = '2026-01-01T00:00:00.000Z';

describe('migration 0009 on existing data', () => {
  it('keeps direct threads found by their pair, gives them a pair key, and lets old groups grow', async () => {
    const messaging = await beforeVersion9();
    const db = messaging.database.db as Kysely<any>;
    const participant = (thread_id: string, user_id: string) => ({
      thread_id,
      user_id,
      joined_at: T0,
      last_read_message_id: null,
      unread_count: 0,
      last_activity_at: T0,
      archived_at: null,
      muted_at: null,
      left_at: null,
    });
    await db
      .insertInto('messaging_threads')
      .values([
        { id: 'direct1', kind: 'direct', subject: null, direct_key: '["1","2"]', created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null },
        { id: 'group1', kind: 'group', subject: 'Old', direct_key: null, created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null },
      ])
      .execute();
    await db
      .insertInto('messaging_participants')
      .values([participant('direct1', '1'), participant('direct1', '2'), participant('group1', '1'), participant('group1', '2'), participant('group1', '3')])
      .execute();
    const message = await db
      .insertInto('messaging_messages')
      .values({ thread_id: 'group1', sender_id: '1', body: 'old secret', created_at: T0, edited_at: null, deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('messaging_threads').set({ last_message_id: message.id }).where('id', '=', 'group1').execute();

    await messaging.migrate();

    const direct = await db.selectFrom('messaging_threads').select(['pair_key', 'context_type', 'context_id']).where('id', '=', 'direct1').executeTakeFirstOrThrow();
    expect(direct).toEqual({ pair_key: '["1","2"]', context_type: null, context_id: null });
    const again = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'still the same thread' });
    expect(again).toMatchObject({ created: false, thread: { id: 'direct1' } });
    const about = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'about a listing', context: { type: 'listing', id: '1' } });
    expect(about.created).toBe(true);
    // A block still stops the old thread and the new one (the pair key covers both).
    await messaging.blocks.block('1', '2');
    await expect(messaging.conversations.sendMessage({ senderId: '2', threadId: 'direct1', body: 'x' })).rejects.toMatchObject({ code: 'blocked' });
    await expect(messaging.conversations.sendMessage({ senderId: '2', threadId: about.thread.id, body: 'x' })).rejects.toMatchObject({ code: 'blocked' });

    // Founding members keep their whole history; a newcomer to the old group starts now.
    await messaging.membership.addMembers({ actorId: '1', threadId: 'group1', userIds: ['4'] });
    expect((await messaging.conversations.getThread('2', 'group1')).messages.map((m) => m.body)).toEqual(['old secret']);
    expect((await messaging.conversations.getThread('4', 'group1')).messages).toEqual([]);
  });
});
