import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A reply asks the host's users adapter (`getUsers`, maybe an HTTP call) whether a direct
 * thread's other member still exists. While it answers, the thread must not be locked nor a
 * connection held: other replies to the thread go on.
 */
describe(`a reply's users adapter on ${TEST_DIALECT}`, () => {
  it("runs while the thread is not locked: another connection locks the thread's row at once, another reply to the thread goes through", async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    const asked = deferred();
    const answer = deferred();
    const plain = f.getUsers.getMockImplementation()!;
    f.getUsers.mockImplementationOnce(async (ids) => {
      asked.resolve();
      await answer.promise;
      return plain(ids);
    });

    const slow = conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'while the adapter thinks' });
    try {
      await asked.promise;
      expect(f.getUsers).toHaveBeenLastCalledWith(['2']);
      if (TEST_DIALECT === 'postgres') {
        // NOWAIT fails at once (lock_not_available) on a row another transaction holds.
        const locked = await f.messaging.database.db
          .transaction()
          .execute(async (trx) => (await sql<{ id: string }>`select id from messaging_threads where id = ${thread.id} for update nowait`.execute(trx)).rows);
        expect(locked).toEqual([{ id: thread.id }]);
      }
      const other = await conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'meanwhile' });
      expect(other.body).toBe('meanwhile');
    } finally {
      answer.resolve();
    }
    const sent = await slow;

    const page = await conversations.getThread('2', thread.id);
    expect(page.messages.map((m) => m.body)).toEqual(['hi Bob', 'meanwhile', 'while the adapter thinks']);
    expect(sent.id).toBe(page.messages.at(-1)!.id);
  });

  it('asks the adapter on every reply, and refuses one to a member it no longer knows with invalid_recipient, storing nothing', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    f.getUsers.mockClear();
    await conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'one' });
    await conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });
    expect(f.getUsers.mock.calls).toEqual([[['2']], [['2']]]);

    f.known.delete('2');
    const before = await f.counts();
    expect(await codeOf(conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'three' }))).toBe('invalid_recipient');
    expect(await f.counts()).toEqual(before);
    expect(f.getUsers.mock.calls.at(-1)).toEqual([['2']]);
    // Bob can still write to Alice, whom the adapter knows.
    expect((await conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'still here' })).body).toBe('still here');
  });

  it('refuses a reply of a suspended sender as suspended, and one from outside the thread as not_found, also when the partner is gone', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    await conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'remembered' });
    f.known.delete('2');
    expect(await codeOf(conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'not mine' }))).toBe('not_found');
    await f.messaging.suspensions.suspend('1', { by: '5' });
    expect(await codeOf(conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'suspended' }))).toBe('suspended');
  });
});
