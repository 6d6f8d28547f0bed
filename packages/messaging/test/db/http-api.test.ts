import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

const summaryShape = {
  id: expect.any(String),
  participants: expect.any(Array),
  unreadCount: expect.any(Number),
  lastMessageAt: expect.any(String),
};

describe('JSON API: success shapes', () => {
  it('starts a thread (201), reuses a direct one (200, created false), lists and reads it', async () => {
    t = await createHttpTestApp();
    const first = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], subject: 'Lunch', body: 'Hi Bob' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      thread: expect.objectContaining({ ...summaryShape, subject: 'Lunch' }),
      message: { id: expect.any(String), threadId: first.body.thread.id, senderId: '1', body: 'Hi Bob', createdAt: expect.any(String) },
      created: true,
    });
    expect(first.body.thread.participants.map((p: { id: string }) => p.id).sort()).toEqual(['1', '2']);
    expect(first.body.thread.participants[0]).toEqual({ id: expect.any(String), displayName: expect.any(String), profileUrl: expect.anything(), avatarUrl: null });

    const again = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: [2], body: 'Again' });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.thread.id).toBe(first.body.thread.id);

    const list = await t.as('2').get('/api/threads');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).toEqual({ threads: [expect.objectContaining({ ...summaryShape, unreadCount: 2 })], nextCursor: null });

    const thread = await t.as('2').get(`/api/threads/${first.body.thread.id}`);
    expect(thread.status).toBe(200);
    expect(thread.body.thread.id).toBe(first.body.thread.id);
    expect(thread.body.messages.map((m: { body: string }) => m.body)).toEqual(['Hi Bob', 'Again']);
    expect(thread.body.nextCursor).toBeNull();
  });

  it('sends a reply (201), marks read, and reports unread counts', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const reply = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'Hi Alice' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ message: { id: expect.any(String), threadId, senderId: '2', body: 'Hi Alice', createdAt: expect.any(String) } });

    expect((await t.as('1').get('/api/unread')).body).toEqual({ unreadTotal: 1, unreadThreads: 1 });
    const read = await t.as('1').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: reply.body.message.id });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ unreadCount: 0, unreadTotal: 0 });
    // A read without a body at all marks everything read.
    await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'x' });
    expect((await t.as('2').post(`/api/threads/${threadId}/read`)).body).toEqual({ unreadCount: 0, unreadTotal: 0 });
  });

  it('pages threads and messages with limit and cursors', async () => {
    t = await createHttpTestApp();
    for (const to of ['2', '3', '4']) await startThread(t, '1', [to]);
    const page1 = await t.as('1').get('/api/threads?limit=2');
    expect(page1.body.threads).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.as('1').get(`/api/threads?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect(page2.body.threads).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const ids = [...page1.body.threads, ...page2.body.threads].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(3);

    const { threadId } = await startThread(t, '2', ['3'], 'm1');
    for (const body of ['m2', 'm3']) await t.as('3').post(`/api/threads/${threadId}/messages`).send({ body });
    const newest = await t.as('2').get(`/api/threads/${threadId}?limit=2`);
    expect(newest.body.messages.map((m: { body: string }) => m.body)).toEqual(['m2', 'm3']);
    const older = await t.as('2').get(`/api/threads/${threadId}?limit=2&before=${encodeURIComponent(newest.body.nextCursor)}`);
    expect(older.body.messages.map((m: { body: string }) => m.body)).toEqual(['m1']);
    expect(older.body.nextCursor).toBeNull();
  });

  it('gives a CSRF token to a signed-in member, and the token works without Fetch Metadata', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const res = await t.as('2').get('/api/csrf');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) });
    const { app, mount } = t;
    const request = (await import('supertest')).default;
    const sent = await request(app).post(`${mount}/api/threads/${threadId}/messages`).set('x-test-user', '2').set('X-CSRF-Token', res.body.token).send({ body: 'with a token' });
    expect(sent.status).toBe(201);
  });
});

describe('JSON API: the answer itself', () => {
  it('is compact JSON with its length and no ETag, whatever the host set for res.json', async () => {
    t = await createHttpTestApp({ before: (app) => app.set('json spaces', 2) });
    const { threadId } = await startThread(t, '1', ['2']);
    for (const res of [await t.as('2').get('/api/threads'), await t.as('2').get(`/api/threads/${threadId}`), await t.as('2').get('/api/unread')]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.etag).toBeUndefined();
      expect(res.text).toBe(JSON.stringify(res.body));
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    }
    // A client that sends back an old validator still gets the current answer: no 304 for no-store.
    const again = await t.as('2').get('/api/unread').set('If-None-Match', 'W/"anything"');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ unreadTotal: 1, unreadThreads: 1 });
    // Written answers and errors are sent the same way.
    const reply = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'Hé 👋' });
    expect(reply.status).toBe(201);
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.text));
    expect(reply.text).toBe(JSON.stringify(reply.body));
    const missing = await t.as('3').get(`/api/threads/${threadId}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(JSON.stringify(missing.body));
    expect(missing.body.error.code).toBe('not_found');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    t = await createHttpTestApp();
    await startThread(t, '1', ['2']);
    const get = await t.as('2').get('/api/unread');
    const head = await request(t.app).head('/messages/api/unread').set('x-test-user', '2');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.text ?? '').toBe('');
  });
});

describe('JSON API: Idempotency-Key', () => {
  it('replays the first answer for a retry with the same key and stores nothing new', async () => {
    t = await createHttpTestApp();
    const first = await t
      .as('1')
      .post('/api/threads')
      .set('Idempotency-Key', 'k-1')
      .send({ recipientIds: ['2'], body: 'once' });
    expect(first.status).toBe(201);
    const before = await t.counts();
    const retry = await t
      .as('1')
      .post('/api/threads')
      .set('Idempotency-Key', 'k-1')
      .send({ recipientIds: ['2'], body: 'once' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await t.counts()).toEqual(before);

    const threadId = first.body.thread.id;
    const m1 = await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k-2').send({ body: 'reply' });
    const m2 = await t.as('1').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k-2').send({ body: 'reply' });
    expect(m2.status).toBe(201);
    expect(m2.body.message.id).toBe(m1.body.message.id);
    expect((await t.counts()).messages).toBe(before.messages + 1);
    // The key belongs to its user: another member's same key is a new request.
    const other = await t.as('2').post(`/api/threads/${threadId}/messages`).set('Idempotency-Key', 'k-2').send({ body: 'mine' });
    expect(other.body.message.id).not.toBe(m1.body.message.id);
  });

  it('refuses a malformed key with 400', async () => {
    t = await createHttpTestApp();
    const res = await t
      .as('1')
      .post('/api/threads')
      .set('Idempotency-Key', 'x'.repeat(300))
      .send({ recipientIds: ['2'], body: 'hi' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ in: 'headers', field: 'Idempotency-Key' })]);
    expect((await t.counts()).messages).toBe(0);
  });
});

describe('JSON API: errors', () => {
  it('400 invalid_request lists the bad fields (body and query)', async () => {
    t = await createHttpTestApp();
    const res = await t.as('1').post('/api/threads').send({ recipientIds: 'not-a-list', body: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toEqual(expect.any(String));
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['body', 'recipientIds']);

    for (const limit of ['0', '101', 'abc', '2.5']) {
      const list = await t.as('1').get(`/api/threads?limit=${limit}`);
      expect(list.status, limit).toBe(400);
      expect(list.body.error.details[0]).toMatchObject({ in: 'query', field: 'limit' });
    }
    expect((await t.as('1').get('/api/threads?limit=100')).status).toBe(200);
  });

  it('400 for an empty, whitespace-only or control-character message, and a bad recipient', async () => {
    t = await createHttpTestApp();
    for (const body of ['', '   \n ', 'a\u0000b']) {
      const res = await t
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: ['2'], body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    for (const recipientIds of [['1'], ['999']]) {
      const res = await t.as('1').post('/api/threads').send({ recipientIds, body: 'hi' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_recipient');
    }
    expect(await t.counts()).toEqual({ threads: 0, participants: 0, messages: 0 });
  });

  it('400 for JSON that does not parse', async () => {
    t = await createHttpTestApp();
    const res = await t.as('1').post('/api/threads').set('Content-Type', 'application/json').send('{"recipientIds": [');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('401 unauthenticated for a visitor', async () => {
    t = await createHttpTestApp();
    const res = await t.as(null).get('/api/threads');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('413 for a body over maxBodyBytes and for a message over maxMessageLength', async () => {
    t = await createHttpTestApp({ overrides: { limits: { maxBodyBytes: 2_000, maxMessageLength: 100 } } });
    const big = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x'.repeat(5_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const long = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x'.repeat(101) });
    expect(long.status).toBe(413);
    expect(long.body.error.code).toBe('payload_too_large');
    expect(await t.counts()).toEqual({ threads: 0, participants: 0, messages: 0 });
  });

  it('415 for a JSON write that is not application/json', async () => {
    t = await createHttpTestApp();
    const res = await t.as('1').post('/api/threads').type('form').send('recipientIds=2&body=hi');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    const text = await t.as('1').post('/api/threads').set('Content-Type', 'text/plain').send('{"recipientIds":["2"],"body":"hi"}');
    expect(text.status).toBe(415);
    expect((await t.counts()).messages).toBe(0);
  });

  it('429 rate_limited with Retry-After once a sender is over the limit', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: { messagesPerMinute: 4, newThreadsPerHour: 2 } } });
    const { threadId } = await startThread(t, '1', ['2']);
    // Reusing a direct thread is a message, not a new thread.
    expect(
      (
        await t
          .as('1')
          .post('/api/threads')
          .send({ recipientIds: ['2'], body: 'reuse' })
      ).status,
    ).toBe(200);
    await startThread(t, '1', ['3']);
    const third = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['4'], body: 'one thread too many' });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(60);
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'fourth message' })).status).toBe(201);
    const over = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'too fast' });
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another sender has a limit of their own.
    expect((await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'me' })).status).toBe(201);
    expect((await t.counts()).threads).toBe(2);
  });

  it('answers an unknown API path with a JSON 404', async () => {
    t = await createHttpTestApp();
    const res = await t.as('1').get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('logs an unexpected failure without message text and answers 500 without details', async () => {
    const logged: unknown[] = [];
    t = await createHttpTestApp({
      overrides: {
        logger: { info() {}, warn() {}, error: (obj: object) => logged.push(obj) },
        users: { getUsers: () => Promise.reject(new Error('users backend down')) },
      },
    });
    const res = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'secret words' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain('backend');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('secret words');
  });
});
