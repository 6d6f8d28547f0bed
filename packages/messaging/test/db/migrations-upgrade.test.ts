import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { directKeyOf } from '../../src/services/conversations/direct-pair.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { migrateThrough } from '../helpers/run-migrator.js';

const members = [...TEST_USERS, ...['a', 'b:c', 'a:b', 'c', 'x'].map((id) => ({ id, displayName: `Member ${id}` }))];

let open: Array<{ messaging: Messaging; database: TestDatabase }> = [];
afterEach(async () => {
  for (const { messaging, database } of open) {
    await messaging.close();
    await database.cleanup();
  }
  open = [];
});

/** An instance whose database stands at `version` (as an older copy of the package left it). */
async function atVersion(version: number): Promise<Messaging> {
  const database = createTestDatabase();
  const messaging = createMessaging({
    database: database.option,
    users: { getUsers: (ids) => members.filter((u) => ids.includes(String(u.id))) },
    currentUserId: () => null,
  });
  open.push({ messaging, database });
  await migrateThrough(messaging, Object.fromEntries(Object.entries(MIGRATIONS).slice(0, version)));
  return messaging;
}

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';

/** Rows as version 1 wrote them: the key is the two ids joined with ':'. */
async function oldDirectThread(db: Kysely<any>, id: string, key: string, members: Array<[string, string]>, createdBy = members[0]![0]) {
  await db
    .insertInto('messaging_threads')
    .values({ id, kind: 'direct', subject: null, direct_key: key, created_by: createdBy, created_at: T0, last_message_at: T0, last_message_id: null })
    .execute();
  for (const [user_id, joined_at] of members) {
    await db
      .insertInto('messaging_participants')
      .values({ thread_id: id, user_id, joined_at, last_read_message_id: null, unread_count: 0, last_activity_at: joined_at, archived_at: null, muted_at: null, left_at: null })
      .execute();
  }
}

const keysOf = async (db: Kysely<any>) =>
  Object.fromEntries((await db.selectFrom('messaging_threads').select(['id', 'direct_key']).orderBy('id').execute()).map((r: any) => [r.id, r.direct_key]));

describe(`upgrading an older database on ${TEST_DIALECT}`, () => {
  it('rewrites every direct key of a version-1 database from its participants, and the pairs find their threads again', async () => {
    const messaging = await atVersion(1);
    const db = messaging.database.db as Kysely<any>;
    await oldDirectThread(db, 't-plain', '1:2', [
      ['1', T0],
      ['2', T0],
    ]);
    await oldDirectThread(db, 't-colon', 'a:b:c', [
      ['a', T0],
      ['b:c', T0],
    ]);
    // A thread a look-alike pair ("a" + "b:c:d") was already let into under version 1.
    await oldDirectThread(db, 't-merged', 'a:b:c:d', [
      ['a:b', T0],
      ['c:d', T0],
      ['a', T1],
      ['b:c:d', T1],
    ]);
    // A tombstone left by forget-user, which holds a ':' of its own.
    await oldDirectThread(db, 't-forgotten', '4:deleted:Xy', [
      ['4', T0],
      ['deleted:Xy', T0],
    ]);
    await oldDirectThread(db, 't-lonely', '5:gone', [['5', T0]]);
    await db
      .insertInto('messaging_threads')
      .values({ id: 't-group', kind: 'group', subject: 'g', direct_key: null, created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null })
      .execute();

    // Every migration after version 1, the ones added since included.
    expect(await messaging.migrate()).toEqual({ applied: Object.keys(MIGRATIONS).slice(1) });
    const migrated = await keysOf(db);
    // Running the rewrite again (a retried upgrade) changes nothing.
    await db.transaction().execute((trx) => MIGRATIONS['0002_unambiguous_direct_keys']!.up(trx));
    expect(await keysOf(db)).toEqual(migrated);
    expect(migrated).toEqual({
      't-colon': directKeyOf('a', 'b:c'),
      't-forgotten': directKeyOf('4', 'deleted:Xy'),
      't-group': null,
      't-lonely': null,
      't-merged': directKeyOf('a:b', 'c:d'),
      't-plain': directKeyOf('1', '2'),
    });

    const { conversations } = messaging;
    await messaging.toggle.setEnabled(true, null);
    expect((await conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'still here' })).thread.id).toBe('t-plain');
    expect((await conversations.startConversation({ senderId: 'b:c', recipientIds: ['a'], body: 'still ours' })).thread.id).toBe('t-colon');
    const attacker = await conversations.startConversation({ senderId: 'a:b', recipientIds: ['c'], body: 'let me in' });
    expect(attacker.created).toBe(true);
    // The look-alike pair let into t-merged under version 1 reads it no more.
    const mergedMembers = await db.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', 't-merged').execute();
    expect(mergedMembers.map((r: any) => r.user_id).sort()).toEqual(['a:b', 'c:d']);
    await expect(conversations.getThread('b:c:d', 't-merged')).rejects.toMatchObject({ code: 'not_found' });
    const colonMembers = await db.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', 't-colon').execute();
    expect(colonMembers.map((r: any) => r.user_id).sort()).toEqual(['a', 'b:c']);
  });

  it('gives the members who left a group before version 3 a leave mark from their leaving time', async () => {
    const messaging = await atVersion(2);
    const db = messaging.database.db as Kysely<any>;
    await db
      .insertInto('messaging_threads')
      .values({ id: 'g', kind: 'group', subject: 'g', direct_key: null, created_by: '1', created_at: T0, last_message_at: T0, last_message_id: null })
      .execute();
    for (const user_id of ['1', '2', '3']) {
      await db
        .insertInto('messaging_participants')
        .values({
          thread_id: 'g',
          user_id,
          joined_at: T0,
          last_read_message_id: null,
          unread_count: 0,
          last_activity_at: T0,
          archived_at: null,
          muted_at: null,
          left_at: user_id === '3' ? T1 : null,
        })
        .execute();
    }
    const bodies = [
      ['before', T0],
      ['at the leave', T1],
      ['after', '2026-01-01T00:00:02.000Z'],
    ];
    for (const [body, at] of bodies) {
      await db.insertInto('messaging_messages').values({ thread_id: 'g', sender_id: '1', body, created_at: at, edited_at: null, deleted_at: null }).execute();
    }

    expect(await messaging.migrate()).toEqual({ applied: Object.keys(MIGRATIONS).slice(2) });
    let text = '';
    for await (const chunk of exportMemberData(messaging.database.db, '3')) text += chunk;
    const exported = JSON.parse(text);
    expect(exported.threads[0].messages.map((m: any) => m.body)).toEqual(['before', 'at the leave']);
  });
});
