import express from 'express';
import { sql } from 'kysely';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { DatabaseOption } from '../../src/db/connection/connect.js';
import type { MessagingRateLimits } from '../../src/options.js';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * The rate limits are counted in the messaging database: two instances on one database (two
 * processes, two servers) share one count, a new instance (a restart) keeps it, and a refused
 * request stores nothing, its count included.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let now = Date.parse('2026-12-01T10:00:00.000Z');
const clock = () => new Date(now);

interface Instance {
  messaging: Messaging;
  post(user: string, path: string, body: object): request.Test;
  close(): Promise<void>;
}

async function instance(database: DatabaseOption, rateLimits: MessagingRateLimits): Promise<Instance> {
  const messaging = createMessaging({
    database,
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
    rateLimits,
    clock,
  });
  await messaging.migrate();
  await messaging.toggle.setEnabled(true, null);
  const app = express().use('/messages', messaging.router);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await messaging.close();
  };
  cleanups.push(close);
  return { messaging, post: (user, path, body) => request(app).post(`/messages${path}`).set('x-test-user', user).set('Sec-Fetch-Site', 'same-origin').send(body), close };
}

function sharedDatabase(): DatabaseOption {
  const database = createSharedDatabase();
  cleanups.push(database.cleanup);
  return database.option;
}

async function counts(messaging: Messaging) {
  const db = messaging.database.db;
  const messages = await db
    .selectFrom('messaging_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const counters = await db.selectFrom('messaging_rate_counters').select(['member_id', 'limit_name', 'count']).orderBy('member_id').orderBy('limit_name').execute();
  return { messages: Number(messages.n), counters: counters.map((c) => `${c.member_id}:${c.limit_name}=${Number(c.count)}`) };
}

describe(`rate limits shared through the database on ${TEST_DIALECT}`, () => {
  it('two instances on one database share the messages-per-minute count', async () => {
    const database = sharedDatabase();
    const a = await instance(database, { messagesPerMinute: 4 });
    const b = await instance(database, { messagesPerMinute: 4 });
    const started = await a.post('1', '/api/threads', { recipientIds: ['2'], body: 'one' });
    expect(started.status).toBe(201);
    const threadId = started.body.thread.id as string;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await (i % 2 ? a : b).post('1', `/api/threads/${threadId}/messages`, { body: `m${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    const over = await a.post('1', `/api/threads/${threadId}/messages`, { body: 'again' });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(over.headers['retry-after']).toBe('60');
    expect((await counts(b.messaging)).messages).toBe(4);
    // The next window, on either instance.
    now += 60_000;
    expect((await b.post('1', `/api/threads/${threadId}/messages`, { body: 'later' })).status).toBe(201);
  });

  it('the daily new-conversation cap survives a restart (a new instance on the same database)', async () => {
    const database = sharedDatabase();
    const first = await instance(database, { newThreadsPerDay: 2, newThreadsPerHour: 100 });
    expect((await first.post('1', '/api/threads', { recipientIds: ['2'], body: 'a' })).status).toBe(201);
    expect((await first.post('1', '/api/threads', { recipientIds: ['3'], body: 'b' })).status).toBe(201);
    await first.close();

    now += 3 * 3_600_000;
    const restarted = await instance(database, { newThreadsPerDay: 2, newThreadsPerHour: 100 });
    const refused = await restarted.post('1', '/api/threads', { recipientIds: ['4'], body: 'c' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(21 * 3600);
    // A reply is no new thread.
    const threadId = (await restarted.messaging.conversations.listThreads('1')).items[0]!.id;
    expect((await restarted.post('1', `/api/threads/${threadId}/messages`, { body: 'reply' })).status).toBe(201);
    now += 21 * 3_600_000;
    expect((await restarted.post('1', '/api/threads', { recipientIds: ['4'], body: 'next day' })).status).toBe(201);
  });

  it('a refused or failed request stores nothing, its count included', async () => {
    const database = sharedDatabase();
    const a = await instance(database, { messagesPerMinute: 2, newThreadsPerHour: 1, writeAttemptsPerMinute: 6 });
    const started = await a.post('1', '/api/threads', { recipientIds: ['2'], body: 'one' });
    const threadId = started.body.thread.id as string;
    const before = await counts(a.messaging);
    expect(before.counters).toEqual(['1:messages=1', '1:new_threads_day=1', '1:new_threads_hour=1', '1:write_attempts=1']);

    // A second new thread is refused by the hourly limit: no thread, no message, no message counted.
    expect((await a.post('1', '/api/threads', { recipientIds: ['3'], body: 'two' })).status).toBe(429);
    // A send to a thread that does not exist fails: its message slot is given back.
    expect((await a.post('1', '/api/threads/nope/messages', { body: 'x' })).status).toBe(404);
    const after = await counts(a.messaging);
    expect(after.messages).toBe(before.messages);
    expect(after.counters).toEqual(['1:messages=1', '1:new_threads_day=1', '1:new_threads_hour=1', '1:write_attempts=3']);

    expect((await a.post('1', `/api/threads/${threadId}/messages`, { body: 'two' })).status).toBe(201);
    expect((await a.post('1', `/api/threads/${threadId}/messages`, { body: 'three' })).status).toBe(429);
    expect((await a.post('1', `/api/threads/${threadId}/messages`, { body: 'four' })).status).toBe(429);
    // The write-attempt limit refuses the next one before the route: nothing stored, not even its count.
    const refused = await a.post('1', `/api/threads/${threadId}/messages`, { body: 'five' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const last = await counts(a.messaging);
    expect(last.messages).toBe(before.messages + 1);
    expect(last.counters).toEqual(['1:messages=2', '1:new_threads_day=1', '1:new_threads_hour=1', '1:write_attempts=6']);
  });

  it.runIf(TEST_DIALECT === 'postgres')('on Postgres the counts are an unlogged table (no WAL flush per request)', async () => {
    const a = await instance(sharedDatabase(), {});
    const { rows } = await sql<{ relpersistence: string }>`select relpersistence from pg_class where oid = to_regclass('messaging_rate_counters')`.execute(a.messaging.database.db);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });

  it("a member's export holds their counts; forgetting them erases the counts; ended windows are deleted", async () => {
    const database = sharedDatabase();
    const a = await instance(database, {});
    expect((await a.post('1', '/api/threads', { recipientIds: ['2'], body: 'one' })).status).toBe(201);
    expect((await a.post('2', '/api/threads', { recipientIds: ['3'], body: 'two' })).status).toBe(201);
    let text = '';
    for await (const chunk of exportMemberData(a.messaging.database.db, '1', { now: clock().toISOString() })) text += chunk;
    expect(JSON.parse(text).rateLimitCounts).toEqual([
      { limit: 'messages', windowStart: clock().toISOString(), windowEnd: new Date(now + 60_000).toISOString(), count: 1 },
      { limit: 'new_threads_day', windowStart: clock().toISOString(), windowEnd: new Date(now + 86_400_000).toISOString(), count: 1 },
      { limit: 'new_threads_hour', windowStart: clock().toISOString(), windowEnd: new Date(now + 3_600_000).toISOString(), count: 1 },
      { limit: 'write_attempts', windowStart: clock().toISOString(), windowEnd: new Date(now + 60_000).toISOString(), count: 1 },
    ]);
    await a.messaging.forgetUser('1');
    expect((await counts(a.messaging)).counters.every((c) => c.startsWith('2:'))).toBe(true);
    // A day later, the next take deletes the ended windows (in the background) and keeps its own.
    now += 86_400_000;
    expect((await a.post('3', '/api/threads', { recipientIds: ['4'], body: 'three' })).status).toBe(201);
    await vi.waitFor(async () => expect((await counts(a.messaging)).counters.every((c) => c.startsWith('3:'))).toBe(true));
    expect((await counts(a.messaging)).counters).toHaveLength(4);
  });
});
