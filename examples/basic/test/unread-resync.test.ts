import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../src/app-db.js';
import type { ExampleApp } from '../src/app.js';
import { startApp, tempDataDir } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const idOf = (example: ExampleApp, username: string) => (example.db.prepare('select id from users where username = ?').get(username) as { id: number }).id;
const unreadColumn = (example: ExampleApp, username: string) => (example.db.prepare('select unread_messages as n from users where username = ?').get(username) as { n: number }).n;

/**
 * `users.unread_messages` is the host's copy of each member's total, written by
 * `onUnreadChange`. A crash between the messaging commit and the hook leaves it wrong; the
 * app re-announces every total when it starts, so a restart heals it.
 */
describe("the example's copy of the unread totals", () => {
  it('is exact again after a restart, whatever it held', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const first = await startApp(data.dir);
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => String(idOf(first, name)));
    const c = first.messaging.conversations;
    const thread = await c.startConversation({ senderId: alice!, recipientIds: [bob!], body: 'Hello Bob' });
    await c.sendMessage({ senderId: alice!, threadId: thread.thread.id, body: 'Are you there?' });
    await c.startConversation({ senderId: carol!, recipientIds: [bob!], body: 'Hi' });
    expect(unreadColumn(first, 'bob')).toBe(3);
    await first.close();

    // What lost announcements leave behind: a stale count, and counts for members who have read everything.
    const appDb = openAppDatabase(data.dir);
    appDb.prepare("update users set unread_messages = 1 where username = 'bob'").run();
    appDb.prepare("update users set unread_messages = 4 where username in ('alice', 'carol')").run();
    appDb.close();

    const second = await startApp(data.dir);
    cleanups.push(() => second.close());
    expect(unreadColumn(second, 'bob')).toBe(3);
    expect(unreadColumn(second, 'alice')).toBe(0);
    expect(unreadColumn(second, 'carol')).toBe(0);
    // Dave takes part in nothing: his count is left as it was (0).
    expect(unreadColumn(second, 'dave')).toBe(0);
  });
});
