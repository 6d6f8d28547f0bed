import { afterEach, describe, expect, it } from 'vitest';
import { type CountedMessaging, countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

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

async function counted(): Promise<Pick<CountedMessaging, 'messaging' | 'take'>> {
  const c = await countedMessaging();
  cleanups.push(c.close);
  return c;
}

postgresOnly('round trips on Postgres', () => {
  it('a reply in a direct thread waits for at most 4 statements, reads nothing after its commit, and still counts unread and refuses a blocked sender', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    take();

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    const { statements } = take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    // The unread totals the events carry come from the write itself, not from a read after the commit.
    expect(statements.at(-1)).toMatch(/^commit/i);
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(2);

    await messaging.blocks.block('2', '1');
    take();
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Third' })).rejects.toMatchObject({ code: 'blocked' });
    expect(take().statements.length).toBeLessThanOrEqual(4);
  });

  it('a reply in a group of five takes no more statements than a direct one', async () => {
    const { messaging, take } = await counted();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3', '4', '5'], body: 'Hi all' });
    take();
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    const { statements } = take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(2);
  });
});
