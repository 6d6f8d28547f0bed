import { describe, expect, it } from 'vitest';
import { forgetUser } from '../../src/services/operations/forget-user.js';
import { directKeyOf } from '../../src/services/conversations/direct-pair.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/** Ids with ':' in them, as a host with namespaced ids ("org:42") would have. */
async function withColonMembers() {
  const f = await setUp();
  for (const id of ['a', 'b:c', 'a:b', 'c']) f.known.set(id, { id, displayName: `Member ${id}` });
  return f;
}

async function membersOf(f: Awaited<ReturnType<typeof setUp>>, threadId: string): Promise<string[]> {
  const rows = await f.messaging.database.db.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', threadId).execute();
  return rows.map((r) => r.user_id).sort();
}

describe(`direct-thread keys on ${TEST_DIALECT}`, () => {
  it('keeps two pairs whose ids join to the same text apart: the attacker gets a thread of their own', async () => {
    const f = await withColonMembers();
    const { conversations } = f.messaging;
    const victims = await conversations.startConversation({ senderId: 'a', recipientIds: ['b:c'], body: 'our secret' });
    // "a:b" + "c" joined with ':' reads exactly like "a" + "b:c".
    const attack = await conversations.startConversation({ senderId: 'a:b', recipientIds: ['c'], body: 'let me in' });

    expect(attack.created).toBe(true);
    expect(attack.thread.id).not.toBe(victims.thread.id);
    expect(await membersOf(f, victims.thread.id)).toEqual(['a', 'b:c']);
    expect(await membersOf(f, attack.thread.id)).toEqual(['a:b', 'c']);
    expect(await codeOf(conversations.getThread('a:b', victims.thread.id))).toBe('not_found');
    const theirs = await conversations.getThread('b:c', victims.thread.id);
    expect(theirs.messages.map((m) => m.body)).toEqual(['our secret']);
  });

  it('checks the recipient\'s "who may message me" for the look-alike pair (no reuse of the victims\' thread)', async () => {
    const f = await withColonMembers();
    await f.messaging.conversations.startConversation({ senderId: 'a', recipientIds: ['b:c'], body: 'hello' });
    await f.messaging.preferences.set('c', { whoCanMessage: 'nobody' });
    expect(await codeOf(f.messaging.conversations.startConversation({ senderId: 'a:b', recipientIds: ['c'], body: 'hi' }))).toBe('recipient_unavailable');
  });

  it('refuses to add anyone to a found thread whose members are not exactly the pair', async () => {
    const f = await setUp();
    const db = f.messaging.database.db;
    const now = new Date().toISOString();
    // A thread stored under the key of 1+2 that holds 1 and 3: a corrupted or forged row.
    await db
      .insertInto('messaging_threads')
      .values({ id: 'forged', kind: 'direct', subject: null, direct_key: directKeyOf('1', '2'), created_by: '1', created_at: now, last_message_at: now, last_message_id: null })
      .execute();
    for (const user_id of ['1', '3']) {
      await db
        .insertInto('messaging_participants')
        .values({ thread_id: 'forged', user_id, joined_at: now, last_read_message_id: null, last_activity_at: now, archived_at: null, muted_at: null, left_at: null })
        .execute();
    }
    const before = await f.counts();

    const outcome = await f.messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: 'hi' }).then(
      () => 'sent',
      () => 'refused',
    );
    expect(outcome).toBe('refused');
    expect(await membersOf(f, 'forged')).toEqual(['1', '3']);
    expect(await f.counts()).toEqual(before);
  });

  it("forget-user keeps the survivor's thread apart from a new one with the same id", async () => {
    const f = await withColonMembers();
    const { conversations } = f.messaging;
    const old = await conversations.startConversation({ senderId: 'a', recipientIds: ['b:c'], body: 'before' });
    const { tombstoneId } = await forgetUser(f.messaging.database.db, 'b:c');
    const row = await f.messaging.database.db.selectFrom('messaging_threads').select('direct_key').where('id', '=', old.thread.id).executeTakeFirstOrThrow();
    expect(row.direct_key).toBe(directKeyOf('a', tombstoneId));
    // Someone who signs up again under the freed id starts afresh.
    const again = await conversations.startConversation({ senderId: 'a', recipientIds: ['b:c'], body: 'after' });
    expect(again.created).toBe(true);
    expect(await membersOf(f, again.thread.id)).toEqual(['a', 'b:c']);
  });
});
