import { describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '../../src/services/conversations/conversation-service.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp } from './services-fixture.js';

describe(`idempotent sends on ${TEST_DIALECT}`, () => {
  it('replays the first answer for a retry by the same member and stores nothing new', async () => {
    const { messaging, ctx, counts } = await setUp();
    const store = createIdempotencyStore(ctx);
    const send = async () => {
      const r = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'once' });
      return { status: r.created ? 201 : 200, body: { message: r.message, created: r.created } };
    };
    const first = await store.remember('1', 'key-1', send);
    const retry = await store.remember('1', 'key-1', send);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });
    expect((await counts()).messages).toBe(1);
    // Another member's identical key is theirs alone.
    const other = await store.remember('2', 'key-1', async () => ({ status: 201, body: { n: 2 } }));
    expect(other).toEqual({ status: 201, body: { n: 2 }, replayed: false });
  });

  it('stores once when the same key arrives twice at once', async () => {
    const { messaging, ctx, counts } = await setUp();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi' });
    const store = createIdempotencyStore(ctx);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.remember('2', 'same', async () => ({
          status: 201,
          body: { message: await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'reply' }) },
        })),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await counts()).messages).toBe(2);
  });

  it('forgets a key whose request failed, so the retry runs', async () => {
    const { ctx } = await setUp();
    const store = createIdempotencyStore(ctx);
    await expect(store.remember('1', 'k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.remember('1', 'k', async () => ({ status: 201, body: 'second' }))).toEqual({ status: 201, body: 'second', replayed: false });
  });

  it('ignores and purges keys older than 24 hours, and refuses keys over 200 characters', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const { ctx } = await setUp({ clock: () => new Date(now) });
    const store = createIdempotencyStore(ctx);
    await store.remember('1', 'old', async () => ({ status: 201, body: 'first' }));
    now += 23 * 3600_000;
    expect((await store.remember('1', 'old', async () => ({ status: 201, body: 'x' }))).replayed).toBe(true);
    now += 2 * 3600_000;
    expect(await store.remember('1', 'old', async () => ({ status: 201, body: 'fresh' }))).toEqual({ status: 201, body: 'fresh', replayed: false });
    now += 25 * 3600_000;
    expect(await store.purgeExpired()).toBe(1);
    await expect(store.remember('1', 'k'.repeat(201), async () => ({ status: 201, body: null }))).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await store.remember('1', 'k'.repeat(200), async () => ({ status: 201, body: null }))).replayed).toBe(false);
  });
});
