import { describe, expect, it } from 'vitest';
import type { ThreadSummary } from '../../src/services/conversations/types.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp, tickingClock } from './services-fixture.js';

describe(`inbox and thread pages on ${TEST_DIALECT}`, () => {
  it.each([
    ['a ticking clock', true],
    ['every thread at the same instant (ties broken by thread id)', false],
  ])('pages through 45 threads by keyset with %s: no gap, no duplicate, latest first', async (_label, ticking) => {
    const clock = ticking ? tickingClock() : () => new Date('2026-01-01T00:00:00.000Z');
    const { messaging } = await setUp({ clock });
    const made: string[] = [];
    for (let i = 0; i < 45; i++) {
      made.push((await messaging.conversations.startConversation({ senderId: String((i % 3) + 2), recipientIds: ['1', '5'], body: `#${i}` })).thread.id);
    }
    const seen: ThreadSummary[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await messaging.conversations.listThreads('1', { ...(cursor ? { cursor } : {}), limit: 20 });
      sizes.push(page.items.length);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([20, 20, 5]);
    expect(new Set(seen.map((t) => t.id)).size).toBe(45);
    expect(seen.map((t) => t.id).sort()).toEqual([...made].sort());
    const order = seen.map((t) => [t.lastMessageAt, t.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());
    if (ticking) expect(seen[0]!.lastMessage?.preview).toBe('#44');
    expect(seen.every((t) => t.unreadCount === 1)).toBe(true);
  });

  it('resolves the participants of a whole inbox page with ONE getUsers call', async () => {
    const { messaging, getUsers } = await setUp({ clock: tickingClock() });
    for (let i = 0; i < 25; i++) await messaging.conversations.startConversation({ senderId: '1', recipientIds: [String((i % 4) + 2), i % 2 ? '3' : '5'], body: 'x' });
    getUsers.mockClear();
    const page = await messaging.conversations.listThreads('1', { limit: 100 });
    expect(page.items.length).toBeGreaterThan(1);
    expect(getUsers).toHaveBeenCalledTimes(1);
    const asked = getUsers.mock.calls[0]![0];
    expect(new Set(asked).size).toBe(asked.length);
    expect([...asked].sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('pages through 130 messages newest page first, oldest to newest within a page', async () => {
    const { messaging } = await setUp({ clock: tickingClock() });
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'm0' });
    for (let i = 1; i < 130; i++) await messaging.conversations.sendMessage({ senderId: i % 3 ? '1' : '2', threadId: thread.id, body: `m${i}` });
    const pages: string[][] = [];
    let before: string | undefined;
    do {
      const page = await messaging.conversations.getThread('2', thread.id, { ...(before ? { before } : {}), limit: 20 });
      pages.push(page.messages.map((m) => m.body));
      before = page.nextCursor ?? undefined;
      if (before) expect(before).toBe(page.messages[0]!.id);
    } while (before);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 20, 20, 20, 20, 10]);
    expect(pages[0]!.at(-1)).toBe('m129');
    expect(pages.reverse().flat()).toEqual(Array.from({ length: 130 }, (_, i) => `m${i}`));
  });

  it('clamps limits to 1..100 and refuses a forged cursor', async () => {
    const { messaging } = await setUp();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' });
    for (let i = 0; i < 3; i++) await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'b' });
    expect((await messaging.conversations.getThread('1', thread.id, { limit: 0 })).messages).toHaveLength(1);
    expect((await messaging.conversations.getThread('1', thread.id, { limit: 1000 })).messages).toHaveLength(4);
    expect(await codeOf(messaging.conversations.listThreads('1', { cursor: 'not-a-cursor' }))).toBe('invalid_request');
    expect(await codeOf(messaging.conversations.getThread('1', thread.id, { before: '1 or 1=1' }))).toBe('invalid_request');
  });

  it('lists archived threads apart, and a new message brings one back to the inbox', async () => {
    const { messaging } = await setUp({ clock: tickingClock() });
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' });
    await messaging.database.db.updateTable('messaging_participants').set({ archived_at: '2026-01-01T00:00:00.000Z' }).where('user_id', '=', '2').execute();
    expect((await messaging.conversations.listThreads('2')).items).toEqual([]);
    expect((await messaging.conversations.listThreads('2', { archived: true })).items.map((t) => t.id)).toEqual([thread.id]);
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'b' });
    expect((await messaging.conversations.listThreads('2')).items.map((t) => t.id)).toEqual([thread.id]);
  });

  it('answers not_found to a non-participant, a member who left and an unknown thread alike, storing nothing', async () => {
    const { messaging, counts } = await setUp();
    const { thread, message } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '4'], body: 'private' });
    await messaging.database.db.updateTable('messaging_participants').set({ left_at: '2026-01-01T00:00:00.000Z' }).where('user_id', '=', '4').execute();
    const before = await counts();
    for (const [viewer, threadId] of [
      ['3', thread.id],
      ['4', thread.id],
      ['1', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ] as const) {
      expect(await codeOf(messaging.conversations.getThread(viewer, threadId))).toBe('not_found');
      expect(await codeOf(messaging.conversations.sendMessage({ senderId: viewer, threadId, body: 'hi' }))).toBe('not_found');
      expect(await codeOf(messaging.conversations.markRead(viewer, threadId))).toBe('not_found');
      expect(await codeOf(messaging.conversations.markRead(viewer, threadId, message.id))).toBe('not_found');
    }
    expect(await counts()).toEqual(before);
    expect((await messaging.conversations.listThreads('3')).items).toEqual([]);
    expect((await messaging.conversations.listThreads('4')).items).toEqual([]);
  });
});
