import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationOptions } from '../../src/notification-options.js';
import type { MessagingNotification } from '../../src/notification-types.js';
import { eventually } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

/** The delivery loop with real timers: it runs by itself, never slows a send, and close() stops it. */

let open: TestMessaging[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

async function withWorker(notifications: Partial<NotificationOptions> & Pick<NotificationOptions, 'send'>) {
  const t = await createTestMessaging({ notifications: { baseUrl: 'https://example.test/m', delay: 0, pollIntervalMs: 100, ...notifications } });
  open.push(t);
  await t.messaging.toggle.setEnabled(true, null);
  return t.messaging;
}

describe(`the notification worker on ${TEST_DIALECT}`, () => {
  it('delivers due notifications by itself', async () => {
    const sent: MessagingNotification[] = [];
    const messaging = await withWorker({ send: (n) => void sent.push(n) });
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await eventually(() => sent.length === 1, 5000, 'the worker to send');
    expect(sent[0]).toMatchObject({ kind: 'conversation', recipientId: '2' });
  });

  it('a send that hangs or fails never slows sending messages', async () => {
    let calls = 0;
    const messaging = await withWorker({
      send: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 3000));
        throw new Error('mailer timeout');
      },
    });
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi' });
    await eventually(() => calls >= 1, 5000, 'the worker to start sending');
    const started = Date.now();
    for (let i = 0; i < 5; i++) await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: `reply ${i}` });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('close() stops the loop and waits for the send in flight', async () => {
    const order: string[] = [];
    let started = false;
    const t = await createTestMessaging({
      notifications: {
        baseUrl: 'https://example.test/m',
        delay: 0,
        pollIntervalMs: 100,
        send: async () => {
          started = true;
          await new Promise((r) => setTimeout(r, 300));
          order.push('send done');
        },
      },
    });
    await t.messaging.toggle.setEnabled(true, null);
    await t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await eventually(() => started, 5000, 'a send in flight');
    await t.messaging.close();
    order.push('closed');
    expect(order).toEqual(['send done', 'closed']);
    await t.cleanup();
  });

  it('worker: false leaves delivery to deliverDue()', async () => {
    const sent: MessagingNotification[] = [];
    const messaging = await withWorker({ worker: false, send: (n) => void sent.push(n) });
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    await new Promise((r) => setTimeout(r, 400));
    expect(sent).toEqual([]);
    expect(await messaging.notifications.deliverDue()).toMatchObject({ sent: 1 });
  });
});
