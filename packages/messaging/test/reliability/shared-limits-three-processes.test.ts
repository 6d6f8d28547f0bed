import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { type ChildApp, killChildApps, startChildApp } from './helpers/child-app.js';
import { call, startThread } from './helpers/http-client.js';

/**
 * Issue 18: the rate limits are counted in the database, so three app processes on one
 * Postgres allow a member the limit once in total (not three times), and a restart does not
 * give back the daily new-conversation cap.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const RATE_LIMITS = { messagesPerMinute: 10, newThreadsPerHour: 100, newThreadsPerDay: 3, writeAttemptsPerMinute: 1000 };

describe('rate limits across three app processes on one Postgres', () => {
  it('a member bursting through all three gets no more than the limit accepted in total; the daily cap survives a restart', async () => {
    const database = createSharedDatabase('postgres');
    cleanups.push(database.cleanup);
    // The first one migrates; the other two start together.
    const apps: ChildApp[] = [await startChildApp(database.option, { rateLimits: RATE_LIMITS })];
    apps.push(...(await Promise.all([1, 2].map(() => startChildApp(database.option, { rateLimits: RATE_LIMITS })))));

    // The start is the member's first message of the minute; then 30 sends at once, 10 through each process.
    const threadId = await startThread(apps[0]!.base, '1', ['2'], 'first');
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(`${apps[i % 3]!.base}/api/threads/${threadId}/messages`, { user: '1', body: { body: `burst ${i}` } })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(RATE_LIMITS.messagesPerMinute - 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - (RATE_LIMITS.messagesPerMinute - 1));
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.json.error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Stored: the start and the accepted ones, nothing of the refused ones.
    const page = await call(`${apps[1]!.base}/api/threads/${threadId}?limit=100`, { user: '2' });
    expect(page.json.messages).toHaveLength(RATE_LIMITS.messagesPerMinute);

    // Member 3 starts the daily cap's worth of conversations, one through each process; a fourth is refused.
    const starts = [];
    for (let i = 0; i < 3; i += 1) starts.push(await call(`${apps[i]!.base}/api/threads`, { user: '3', body: { recipientIds: [String(4 + i)], body: 'hello' } }));
    expect(starts.map((r) => r.status)).toEqual([201, 201, 201]);
    expect((await call(`${apps[2]!.base}/api/threads`, { user: '3', body: { recipientIds: ['7'], body: 'one more' } })).status).toBe(429);

    // Every process restarts (a deploy): the cap still holds.
    await Promise.all(apps.map((app) => app.stop()));
    const restarted = await startChildApp(database.option, { rateLimits: RATE_LIMITS });
    const after = await call(`${restarted.base}/api/threads`, { user: '3', body: { recipientIds: ['7'], body: 'after the deploy' } });
    expect(after.status).toBe(429);
    expect(after.json.error.code).toBe('rate_limited');
    // Retry-After: until the day's window (started a few seconds ago) ends.
    expect(Number(after.headers['retry-after'])).toBeGreaterThan(86_000);
    // A reply is no new conversation.
    const reply = await call(`${restarted.base}/api/threads/${starts[0]!.json.thread.id}/messages`, { user: '3', body: { body: 'still here' } });
    expect(reply.status).toBe(201);
  });
});
