import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Every state-changing request of a member counts against `rateLimits.writeAttemptsPerMinute`
 * before any work, so refused ones count too: a member cannot hammer the database with sends
 * that are refused, nor with blocks, preferences or reports, which have no limit of their own.
 */

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

let now = Date.parse('2026-12-01T10:00:00.000Z');
const clock = () => new Date(now);

const csrfOf = async (app: HttpTestApp, user: string) => (await app.as(user).get('/api/csrf')).body.token as string;
const del = (app: HttpTestApp, user: string, path: string) => request(app.app).delete(`/messages${path}`).set('x-test-user', user).set('Sec-Fetch-Site', 'same-origin');
const put = (app: HttpTestApp, user: string, path: string) => request(app.app).put(`/messages${path}`).set('x-test-user', user).set('Sec-Fetch-Site', 'same-origin');

describe(`write attempts per member on ${TEST_DIALECT}`, () => {
  it('answers 429 with Retry-After once refused sends pass the default limit (120 a minute)', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: {}, clock } });
    const { threadId } = await startThread(t, '1', ['2']);
    await t.messaging.blocks.block('2', '1');
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 200 && !limited; i += 1) {
      const res = await t
        .as('1')
        .post(`/api/threads/${threadId}/messages`)
        .send({ body: `try ${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 119).every((s) => s === 403)).toBe(true); // refused: blocked
    expect(limited?.body.error.code).toBe('rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses).toHaveLength(120); // the first 119 after the thread's start, then the limit
    // Another member is not affected; the same member may write again in the next window.
    expect((await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'hi' })).status).toBe(201);
    now += 60_000;
    expect((await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'again' })).status).toBe(403);
  });

  it('limits blocks, unblocks, preferences, reports and thread controls, over the API and the forms', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: { writeAttemptsPerMinute: 8 }, clock } });
    const { threadId, messageId } = await startThread(t, '2', ['1']);
    // 1 write used by the start (member 2); member 1 starts from zero.
    const attempts = [
      () => t!.as('1').post('/api/blocks').send({ userId: '3' }),
      () => del(t!, '1', '/api/blocks/3'),
      () => put(t!, '1', '/api/preferences').send({ whoCanMessage: 'contacts' }),
      () => t!.as('1').post(`/api/messages/${messageId}/report`).send({ reason: 'spam' }),
      () => t!.as('1').post(`/api/threads/${threadId}/mute`).send({}),
      () => t!.as('1').post(`/api/threads/${threadId}/archive`).send({}),
      () => t!.as('1').post('/api/blocks').send({ userId: 'nobody-at-all' }), // refused (400): counts too
      async () =>
        t!
          .as('1')
          .post('/preferences')
          .type('form')
          .send(`whoCanMessage=everyone&_csrf=${await csrfOf(t!, '1')}`),
    ];
    for (const attempt of attempts) expect((await attempt()).status).toBeLessThan(429);

    const refused = [
      await put(t, '1', '/api/preferences').send({ whoCanMessage: 'nobody' }),
      await t.as('1').post('/api/blocks').send({ userId: '4' }),
      await del(t, '1', '/api/blocks/3'),
      await t.as('1').post(`/api/messages/${messageId}/report`).send({ reason: 'other' }),
      await t.as('1').post(`/api/threads/${threadId}/unmute`).send({}),
      await t
        .as('1')
        .post('/blocks')
        .type('form')
        .send(`userId=4&_csrf=${await csrfOf(t, '1')}`),
      await t
        .as('1')
        .post(`/threads/${threadId}/leave`)
        .type('form')
        .send(`_csrf=${await csrfOf(t, '1')}`),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 429));
    expect(refused.every((r) => Number(r.headers['retry-after']) > 0)).toBe(true);
    // Nothing of the refused ones was stored.
    expect(await t.messaging.blocks.listBlocked('1')).toEqual([]);
    expect((await t.messaging.preferences.get('1')).whoCanMessage).toBe('everyone');
  });

  it('never stops a busy member: sends up to the message limit, many read marks and reads', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: {}, clock } });
    const { threadId } = await startThread(t, '1', ['2']);
    const statuses = new Set<number>();
    for (let i = 0; i < 29; i += 1) {
      const sent = await t
        .as('2')
        .post(`/api/threads/${threadId}/messages`)
        .send({ body: `reply ${i}` });
      statuses.add(sent.status);
      // The page's script marks the thread read for every message that arrives live.
      for (let j = 0; j < 5; j += 1) statuses.add((await t.as('2').post(`/api/threads/${threadId}/read`).send({ lastReadMessageId: sent.body.message.id })).status);
      statuses.add((await t.as('2').get(`/api/threads/${threadId}`)).status);
    }
    expect([...statuses].sort()).toEqual([200, 201]);
  });

  it('is off with rateLimits: false, and a bad value is a TypeError naming the option', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: false, clock } });
    const { threadId } = await startThread(t, '1', ['2']);
    await t.messaging.blocks.block('2', '1');
    for (let i = 0; i < 130; i += 1) expect((await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'x' })).status).toBe(403);

    const make = (writeAttemptsPerMinute: unknown) => () =>
      createMessaging({ users: { getUsers: async () => [] }, currentUserId: () => null, rateLimits: { writeAttemptsPerMinute } as any });
    expect(make(0)).toThrow(TypeError);
    expect(make(0)).toThrow(/rateLimits\.writeAttemptsPerMinute.*120/);
    expect(make(1.5)).toThrow(/rateLimits\.writeAttemptsPerMinute/);
  });
});
