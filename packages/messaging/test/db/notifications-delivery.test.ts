import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { BASE_URL, MINUTE, type NotifyFixture, notifyFixture, outbox } from './notifications-fixture.js';

let open: NotifyFixture[] = [];
afterEach(async () => {
  await Promise.all(open.map((f) => f.cleanup()));
  open = [];
});

async function fixture(...args: Parameters<typeof notifyFixture>) {
  const f = await notifyFixture(...args);
  open.push(f);
  return f;
}

describe(`notification delivery on ${TEST_DIALECT}`, () => {
  it('a burst of messages gives the recipient one notification after the delay, with absolute links and no text', async () => {
    const f = await fixture();
    const c = f.messaging.conversations;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], subject: 'Bike', body: 'Is it still for sale?' });
    f.advance(MINUTE);
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'Hello?' });
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'I can pay cash' });

    f.advance(8 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(f.sent).toEqual([]);

    f.advance(2 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(f.sent).toHaveLength(1);
    const n = f.sent[0]!;
    expect(n).toMatchObject({
      kind: 'conversation',
      recipientId: '2',
      recipient: { id: 2, displayName: 'Bob' },
      unreadTotal: 3,
      attempt: 1,
      threads: [{ threadId: thread.id, subject: 'Bike', url: `${BASE_URL}/threads/${thread.id}`, unreadCount: 3, senders: [{ id: '1', displayName: 'Alice' }] }],
      links: { inbox: `${BASE_URL}/`, preferences: `${BASE_URL}/preferences` },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(n.links.unsubscribe).toMatch(/^https:\/\/example\.test\/messages\/unsubscribe\?u=2&t=[\w-]{43}$/);
    expect(n.headers['List-Unsubscribe']).toBe(`<${n.links.unsubscribe}>`);
    expect(n.threads[0]).not.toHaveProperty('latestMessages');
    expect(JSON.stringify(n)).not.toMatch(/still for sale|Hello\?|pay cash/);

    // Nothing more: the sender is never told about their own messages, and the burst was one.
    f.advance(60 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(f.sent).toHaveLength(1);
    expect(await outbox(f.messaging)).toMatchObject([{ id: n.id, status: 'sent', attempts: 1, recipient_id: '2' }]);
    expect(f.messaging.metrics()).toMatchObject({ notificationsScheduled: 1, notificationsSent: 1, notificationsFailed: 0, notificationsSkippedRead: 0 });
  });

  it('exports the counters to Prometheus', async () => {
    const registry = new Registry();
    const f = await fixture({}, { metrics: { registry } });
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi' });
    await f.messaging.conversations.markRead('3', thread.id);
    f.behaviour.next = () => {
      throw new Error('down');
    };
    f.advance(10 * MINUTE);
    await f.messaging.notifications.deliverDue();
    f.behaviour.next = () => {};
    f.advance(MINUTE);
    await f.messaging.notifications.deliverDue();
    const text = await registry.metrics();
    expect(text).toMatch(/^messaging_notifications_scheduled_total 1$/m);
    expect(text).toMatch(/^messaging_notifications_sent_total 1$/m);
    expect(text).toMatch(/^messaging_notifications_failed_total 1$/m);
    expect(text).toMatch(/^messaging_notifications_skipped_read_total 1$/m);
  });

  it('includes the newest unread messages only with includeMessageText', async () => {
    const f = await fixture({ includeMessageText: true });
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    for (const body of ['two', 'three', 'four']) await f.messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body });
    f.advance(10 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent[0]?.threads[0]?.latestMessages?.map((m) => m.body)).toEqual(['two', 'three', 'four']);
    expect(f.sent[0]?.threads[0]?.unreadCount).toBe(4);
  });

  it('a member who reads the thread before the delay is not told, and it counts as skipped-because-read', async () => {
    const f = await fixture();
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Lunch?' });
    f.advance(5 * MINUTE);
    await f.messaging.conversations.markRead('2', thread.id);
    f.advance(5 * MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toMatchObject({ sent: 1 });
    expect(f.sent.map((n) => n.recipientId)).toEqual(['3']);
    expect(f.messaging.metrics()).toMatchObject({ notificationsSkippedRead: 1, notificationsSent: 1 });
  });

  it('a member who reads after the row is queued but before it is sent is not told either', async () => {
    const f = await fixture();
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    f.advance(10 * MINUTE);
    await f.messaging.database.db
      .insertInto('messaging_notifications')
      .values({
        id: 'queued-by-hand',
        recipient_id: '2',
        kind: 'conversation',
        thread_id: thread.id,
        message_id: null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: f.now().toISOString(),
        locked_until: null,
        created_at: f.now().toISOString(),
        sent_at: null,
        last_error: null,
      })
      .execute();
    await f.messaging.database.db.deleteFrom('messaging_notification_schedule').execute();
    await f.messaging.conversations.markRead('2', thread.id);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(f.sent).toEqual([]);
    expect(await outbox(f.messaging)).toMatchObject([{ id: 'queued-by-hand', status: 'skipped', last_error: 'read' }]);
    expect(f.messaging.metrics().notificationsSkippedRead).toBe(1);
  });

  it('per conversation: once until the member reads the thread, then again for what comes after', async () => {
    const f = await fixture();
    const c = f.messaging.conversations;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'First' });
    f.advance(10 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent).toHaveLength(1);

    // Bob has not read: a later burst tells him nothing new.
    f.advance(60 * MINUTE);
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'Second' });
    f.advance(10 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent).toHaveLength(1);

    // He reads; the next message is told again, as a new notification.
    await c.markRead('2', thread.id);
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'Third' });
    f.advance(10 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent).toHaveLength(2);
    expect(f.sent[1]?.id).not.toBe(f.sent[0]?.id);
    expect(f.sent[1]?.threads[0]?.unreadCount).toBe(1);
  });

  it('queueTest sends a test notification through the host send on the next run', async () => {
    const f = await fixture();
    const { id } = await f.messaging.notifications.queueTest('3');
    expect(await f.messaging.notifications.pending()).toMatchObject([{ id, kind: 'test', recipientId: '3', status: 'pending' }]);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(f.sent).toMatchObject([{ id, kind: 'test', recipientId: '3', recipient: { displayName: 'Carol' }, threads: [], unreadTotal: 0 }]);
    expect(await f.messaging.notifications.pending()).toEqual([]);
    expect(await f.messaging.notifications.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0, skipped: 0 });
  });

  it('modes: the host default until a member chooses; without the option the modes work and nothing is sent', async () => {
    const f = await fixture({ defaultMode: 'digest' });
    expect(await f.messaging.notifications.getMode('2')).toBe('digest');
    await f.messaging.notifications.setMode('2', 'off');
    expect(await f.messaging.notifications.getMode(2)).toBe('off');
    // The row made for it leaves "who may message me" as no row would.
    expect(await f.messaging.preferences.get('2')).toEqual({ whoCanMessage: 'everyone' });
    await expect(f.messaging.notifications.setMode('2', 'weekly' as never)).rejects.toMatchObject({ code: 'invalid_request' });

    const { createTestMessaging } = await import('../helpers/test-messaging.js');
    const plain = await createTestMessaging();
    try {
      expect(await plain.messaging.notifications.getMode('1')).toBe('conversation');
      await plain.messaging.notifications.setMode('1', 'digest');
      expect(await plain.messaging.notifications.getMode('1')).toBe('digest');
      await plain.messaging.notifications.queueTest('1');
      expect(await plain.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 0 });
      expect(await plain.messaging.notifications.pending()).toHaveLength(1);
    } finally {
      await plain.cleanup();
    }
  });
});
