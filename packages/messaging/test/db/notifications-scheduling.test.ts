import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

/** What a send writes for notifications: one schedule row per burst, inside the send. */

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const START = Date.parse('2026-03-01T10:00:00.000Z');
let now = START;
const clock = () => new Date(now);
const notifications = { send: () => {}, baseUrl: 'https://example.test/messages', delay: '10m', worker: false };

async function instance(withNotifications: boolean): Promise<Messaging> {
  now = START;
  const t = await createTestMessaging(withNotifications ? { clock, notifications } : { clock });
  cleanups.push(t.cleanup);
  return t.messaging;
}

const scheduleOf = (messaging: Messaging) => messaging.database.db.selectFrom('messaging_notification_schedule').select(['thread_id', 'due_at', 'first_message_id']).execute();

describe(`notification schedule on ${TEST_DIALECT}`, () => {
  it('writes nothing when the option is not set', async () => {
    const messaging = await instance(false);
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Hello' });
    expect(await scheduleOf(messaging)).toEqual([]);
  });

  it('a burst keeps one row with the first message and its due time', async () => {
    const messaging = await instance(true);
    const { thread, message } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    now += 60_000;
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Are you there?' });
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Yes' });
    const rows = await scheduleOf(messaging);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ thread_id: thread.id, due_at: new Date(START + 600_000).toISOString() });
    expect(String(rows[0]?.first_message_id)).toBe(message.id);
  });

  it('a group send schedules; adding members and renaming (system lines) never do', async () => {
    const messaging = await instance(true);
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi all' });
    await messaging.database.db.deleteFrom('messaging_notification_schedule').execute();
    await messaging.membership.addMembers({ actorId: '1', threadId: thread.id, userIds: ['4'] });
    await messaging.membership.renameThread({ actorId: '1', threadId: thread.id, subject: 'Plans' });
    expect(await scheduleOf(messaging)).toEqual([]);
    await messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'Me too' });
    expect(await scheduleOf(messaging)).toHaveLength(1);
  });

  it('a refused reply (blocked) schedules nothing', async () => {
    const messaging = await instance(true);
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await messaging.database.db.deleteFrom('messaging_notification_schedule').execute();
    await messaging.blocks.block('2', '1');
    await expect(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Hey' })).rejects.toMatchObject({ code: 'blocked' });
    expect(await scheduleOf(messaging)).toEqual([]);
  });

  it.runIf(TEST_DIALECT === 'postgres')('a reply with notifications on still waits for at most 4 statements on Postgres', async () => {
    const c = await countedMessaging({ notifications });
    cleanups.push(c.close);
    const { thread } = await c.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await c.messaging.database.db.deleteFrom('messaging_notification_schedule').execute();
    c.take();
    await c.messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    const { statements } = c.take();
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);
    expect(await scheduleOf(c.messaging)).toHaveLength(1);
  });
});
