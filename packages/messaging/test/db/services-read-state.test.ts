import { describe, expect, it, vi } from 'vitest';
import type { MessagingEventMap } from '../../src/events.js';
import { seeded } from '../helpers/seeded-random.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp, unreadDrift } from './services-fixture.js';

describe(`read state and unread counts on ${TEST_DIALECT}`, () => {
  it('counts unread through sends and reads, and a mark never goes backwards', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const { thread, message: m1 } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    const m2 = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });
    const m3 = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'three' });
    expect(await c.getUnread('2')).toEqual({ unreadTotal: 3, unreadThreads: 1 });
    expect(await c.getUnread('1')).toEqual({ unreadTotal: 0, unreadThreads: 0 });

    expect(await c.markRead('2', thread.id, m2.id)).toEqual({ unreadCount: 1, unreadTotal: 1 });
    // An older device names an older message: nothing becomes unread again.
    expect(await c.markRead('2', thread.id, m1.id)).toEqual({ unreadCount: 1, unreadTotal: 1 });
    expect((await c.getThread('2', thread.id)).thread.unreadCount).toBe(1);
    expect(await c.markRead('2', thread.id)).toEqual({ unreadCount: 0, unreadTotal: 0 });
    expect(await c.markRead('2', thread.id, m3.id)).toEqual({ unreadCount: 0, unreadTotal: 0 });

    // A reply marks the replier's side read.
    await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'four' });
    expect((await c.getUnread('2')).unreadTotal).toBe(1);
    await c.sendMessage({ senderId: '2', threadId: thread.id, body: 'reply' });
    expect(await c.getUnread('2')).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    expect(await c.getUnread('1')).toEqual({ unreadTotal: 1, unreadThreads: 1 });
  });

  it('refuses a message id from another thread or one that does not exist, changing nothing', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const a = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' });
    const b = await c.startConversation({ senderId: '1', recipientIds: ['3', '2'], body: 'b' });
    for (const id of [b.message.id, '999999', 'abc']) {
      await expect(c.markRead('2', a.thread.id, id)).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect((await c.getUnread('2')).unreadTotal).toBe(2);
  });

  it('leaves the right counts when two devices mark different messages read at once', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'm0' });
    const ids: string[] = [];
    for (let i = 1; i < 10; i++) ids.push((await c.sendMessage({ senderId: '1', threadId: thread.id, body: `m${i}` })).id);
    // Device A has seen up to m8, device B up to m3; they report in both orders (the stale one last), while m10 arrives.
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => c.markRead('2', thread.id, i % 2 ? ids[2] : ids[7])),
      c.sendMessage({ senderId: '1', threadId: thread.id, body: 'm10' }),
    ]);
    expect(results.length).toBe(11);
    const row = await messaging.database.db
      .selectFrom('messaging_participants')
      .select(['last_read_message_id', 'unread_count'])
      .where('user_id', '=', '2')
      .executeTakeFirstOrThrow();
    expect(String(row.last_read_message_id)).toBe(ids[7]);
    expect(Number(row.unread_count)).toBe(2); // m9 and m10
    expect(await unreadDrift(messaging)).toEqual([]);
  });

  it('keeps every unread_count equal to a recount after 200 random sends and reads among 4 members', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const random = seeded(20260126);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const users = ['1', '2', '3', '4'];
    const threads: Array<{ id: string; members: string[] }> = [];
    for (let step = 0; step < 200; step++) {
      const roll = random();
      if (threads.length === 0 || roll < 0.15) {
        const sender = pick(users);
        const others = users.filter((u) => u !== sender && random() < 0.5);
        const recipients = others.length ? others : [users.find((u) => u !== sender)!];
        const { thread } = await c.startConversation({ senderId: sender, recipientIds: recipients, body: `s${step}` });
        if (!threads.some((t) => t.id === thread.id)) threads.push({ id: thread.id, members: [sender, ...recipients] });
      } else if (roll < 0.65) {
        const t = pick(threads);
        await c.sendMessage({ senderId: pick(t.members), threadId: t.id, body: `s${step}` });
      } else {
        const t = pick(threads);
        const reader = pick(t.members);
        const page = await c.getThread(reader, t.id, { limit: 100 });
        // Sometimes the latest, sometimes an older message (a stale device).
        const named = random() < 0.5 ? undefined : pick(page.messages).id;
        await c.markRead(reader, t.id, named);
      }
      if (step % 50 === 49) expect(await unreadDrift(messaging), `after step ${step}`).toEqual([]);
    }
    expect(await unreadDrift(messaging)).toEqual([]);
    for (const user of users) {
      const inbox = await c.listThreads(user, { limit: 100 });
      const sum = inbox.items.reduce((n, t) => n + t.unreadCount, 0);
      expect((await c.getUnread(user)).unreadTotal).toBe(sum);
    }
  });

  it('calls onUnreadChange and emits unread.changed / message.read with the new totals', async () => {
    const calls: Array<[string, number]> = [];
    const onUnreadChange = vi.fn(async (userId: string, total: number) => void calls.push([userId, total]));
    const { messaging } = await setUp({ onUnreadChange });
    const events: Array<MessagingEventMap['unread.changed'] | MessagingEventMap['message.read']> = [];
    messaging.on('unread.changed', (e) => events.push(e));
    messaging.on('message.read', (e) => events.push(e));
    const c = messaging.conversations;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'a' });
    await c.startConversation({ senderId: '4', recipientIds: ['2'], body: 'b' });
    expect(calls).toEqual([
      ['2', 1],
      ['3', 1],
      ['2', 2],
    ]);
    calls.length = 0;
    events.length = 0;
    await c.markRead('2', thread.id);
    expect(calls).toEqual([['2', 1]]);
    expect(events).toEqual([{ userId: '2', unreadTotal: 1 }, expect.objectContaining({ threadId: thread.id, userId: '2', unreadTotal: 1 })]);
    calls.length = 0;
    await c.markRead('2', thread.id); // Nothing changed: no call.
    expect(calls).toEqual([]);
  });

  it('a failing onUnreadChange hook is logged and does not fail the send', async () => {
    const error = vi.fn();
    const { messaging, counts } = await setUp({
      onUnreadChange: () => Promise.reject(new Error('host hook down')),
      logger: { info: () => {}, warn: () => {}, error },
    });
    const { message } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'still sent' });
    expect(message.body).toBe('still sent');
    expect((await counts()).messages).toBe(1);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ userId: '2' }), expect.stringContaining('onUnreadChange'));
  });

  it('leaves muted threads out of the badge', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const a = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' });
    await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'b' });
    await messaging.database.db
      .updateTable('messaging_participants')
      .set({ muted_at: '2026-01-01T00:00:00.000Z' })
      .where('thread_id', '=', a.thread.id)
      .where('user_id', '=', '2')
      .execute();
    expect(await c.getUnread('2')).toEqual({ unreadTotal: 1, unreadThreads: 1 });
  });
});
