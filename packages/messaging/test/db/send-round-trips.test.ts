import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { type CountedMessaging, countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * The send path's design on Postgres: how many statements a send, an inbox page and a thread
 * page wait for, counted at the driver (every `client.query` is one round trip). NOTIFYs of
 * the live bus are counted apart: they go out after the answer, not in its path.
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function counted(): Promise<Pick<CountedMessaging, 'messaging' | 'take' | 'pool'>> {
  const c = await countedMessaging();
  cleanups.push(c.close);
  return c;
}

postgresOnly('round trips on Postgres', () => {
  it('a reply in a direct thread waits for one statement (the reply function, its own transaction), and still counts unread and refuses a blocked sender', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    const { statements } = take();
    expect(statements, statements.join('\n---\n')).toHaveLength(1);
    // The unread totals the events carry come from the call itself, not from a read after it.
    expect(statements[0]).toMatch(/^select \* from messaging_reply\(/i);
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(2);

    await messaging.blocks.block('2', '1');
    take();
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Third' })).rejects.toMatchObject({ code: 'blocked' });
    expect(take().statements).toHaveLength(1);
    expect(await messaging.conversations.getThread('2', thread.id).then((t) => t.messages.map((m) => m.body))).toEqual(['Hi', 'Second']);
  });

  it('a reply in a group of five takes no more statements than a direct one', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4', '5'], body: 'Hi all' });
    take();
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    const { statements } = take();
    expect(statements, statements.join('\n---\n')).toHaveLength(1);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(2);
  });

  it("a reply in a thread this instance did not start reads the thread's members once, before the call, and its next replies wait for one statement", async () => {
    const { messaging, take, pool } = await counted();
    // Another app server on the same database started the thread.
    const other = createMessaging({
      database: { postgres: { pool } },
      users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
      currentUserId: () => null,
    });
    cleanups.push(() => other.close());
    const { thread } = await other.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'First here' });
    const first = take().statements;
    expect(first, first.join('\n---\n')).toHaveLength(2);
    expect(first[0]).toMatch(/^select/i);
    expect(first[1]).toMatch(/^select \* from messaging_reply\(/i);
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second here' });
    const second = take().statements;
    expect(second, second.join('\n---\n')).toHaveLength(1);
    expect(second[0]).toMatch(/^select \* from messaging_reply\(/i);
  });
});
