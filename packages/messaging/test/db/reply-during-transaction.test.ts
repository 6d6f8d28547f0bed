import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp } from './services-fixture.js';

/**
 * On SQLite a reply runs its statements on the instance's one connection, at once when nothing
 * else holds it. While another transaction of the instance is open, the reply must wait for it:
 * run inside it, the reply would vanish with that transaction's rollback after being answered.
 */
describe(`a reply while another transaction of the instance is open on ${TEST_DIALECT}`, () => {
  it('is stored on its own: the rollback of the other transaction keeps it', async () => {
    const f = await setUp();
    const { conversations } = f.messaging;
    const { thread } = await conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' });
    let inside = () => {};
    const opened = new Promise<void>((resolve) => (inside = resolve));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const other = f.messaging.database.db
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('messaging_threads').select('id').execute();
        inside();
        await released;
        throw new Error('rolled back on purpose');
      })
      .catch((err: Error) => err.message);
    await opened;

    const sending = conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'while the other transaction is open' });
    // Lets the reply go as far as it can before the other transaction ends.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await other).toBe('rolled back on purpose');
    const sent = await sending;

    const page = await conversations.getThread('2', thread.id);
    expect(page.messages.map((m) => [m.id, m.body])).toEqual([
      [page.messages[0]!.id, 'hi Bob'],
      [sent.id, 'while the other transaction is open'],
    ]);
  });
});
