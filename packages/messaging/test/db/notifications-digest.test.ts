import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { MINUTE, type NotifyFixture, notifyFixture, outbox } from './notifications-fixture.js';

let open: NotifyFixture[] = [];
afterEach(async () => {
  await Promise.all(open.map((f) => f.cleanup()));
  open = [];
});

describe(`daily digest on ${TEST_DIALECT}`, () => {
  it('one digest per member per day at digestHourUtc, listing every unread thread; no per-conversation mail', async () => {
    const f = await notifyFixture({ digestHourUtc: 12 });
    open.push(f);
    const c = f.messaging.conversations;
    await f.messaging.notifications.setMode('2', 'digest');
    const one = await c.startConversation({ senderId: '1', recipientIds: ['2'], subject: 'Bike', body: 'Still for sale?' });
    await c.startConversation({ senderId: '3', recipientIds: ['2', '4'], subject: 'Party', body: 'Saturday!' });
    await c.sendMessage({ senderId: '4', threadId: (await c.startConversation({ senderId: '3', recipientIds: ['2', '4'], body: 'x' })).thread.id, body: 'y' });
    const read = await c.startConversation({ senderId: '4', recipientIds: ['2'], body: 'Read this one' });
    await c.markRead('2', read.thread.id);

    // Same day (10:30, before the digest hour), after the delay: Dave (conversation mode) hears about the party; Bob gets nothing yet.
    f.advance(30 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent.map((n) => n.recipientId)).not.toContain('2');
    expect(f.sent.map((n) => n.recipientId)).toContain('4');

    // Next day 11:59: still nothing; 12:00: one digest.
    f.setTime('2026-03-02T11:59:00.000Z');
    await f.messaging.notifications.deliverDue();
    expect(f.sent.filter((n) => n.kind === 'digest')).toEqual([]);
    f.setTime('2026-03-02T12:00:00.000Z');
    await f.messaging.notifications.deliverDue();
    const digests = f.sent.filter((n) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest.recipientId).toBe('2');
    expect(digest.threads.map((t) => t.threadId)).toContain(one.thread.id);
    expect(digest.threads.map((t) => t.threadId)).not.toContain(read.thread.id);
    expect(digest.threads).toHaveLength(3);
    expect(digest.unreadTotal).toBe(digest.threads.reduce((s, t) => s + t.unreadCount, 0));
    expect(digest.unreadTotal).toBe(4);
    expect(digest.threads.find((t) => t.threadId === one.thread.id)).toMatchObject({ subject: 'Bike', unreadCount: 1, senders: [{ id: '1', displayName: 'Alice' }] });

    // Later the same day, and a second run: no second digest.
    f.setTime('2026-03-02T15:00:00.000Z');
    await c.sendMessage({ senderId: '1', threadId: one.thread.id, body: 'Hello?' });
    f.advance(30 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent.filter((n) => n.kind === 'digest')).toHaveLength(1);

    // The next day: another one, a different id.
    f.setTime('2026-03-03T13:00:00.000Z');
    await f.messaging.notifications.deliverDue();
    const later = f.sent.filter((n) => n.kind === 'digest');
    expect(later).toHaveLength(2);
    expect(later[1]?.id).not.toBe(later[0]?.id);
  });

  it('no digest for a member with nothing unread, and a digest checked right before sending', async () => {
    const f = await notifyFixture({ defaultMode: 'digest', digestHourUtc: 10 });
    open.push(f);
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi' });
    f.behaviour.next = () => {
      throw new Error('mailer down');
    };
    await f.messaging.notifications.deliverDue();
    expect(f.attempts.map((n) => [n.kind, n.recipientId])).toEqual([['digest', '2']]);
    await f.messaging.conversations.markRead('2', thread.id);
    f.behaviour.next = () => {};
    f.advance(MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(f.sent).toEqual([]);
    expect((await outbox(f.messaging)).map((r) => [r.kind, r.status, r.last_error])).toEqual([['digest', 'skipped', 'read']]);
  });
});
