import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/**
 * A host app whose `currentUserId` waits, for requests that say `x-hold`, until `release()`:
 * such a request is under way (past the host's middleware, inside the router) while the test
 * calls `messaging.close()`.
 */
async function appWithHold() {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived = () => {};
  const arrival = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  t = await createHttpTestApp({
    overrides: {
      logger,
      currentUserId: async (req: any) => {
        if (req.headers['x-hold']) {
          arrived();
          await held;
        }
        return req.headers['x-test-user'] ?? null;
      },
    },
  });
  return { t, logger, arrival, release: () => release() };
}

const shutdownAnswer = { error: { code: 'database_unavailable', message: 'Messaging is shutting down.' } };

describe(`after messaging.close(), on ${TEST_DIALECT}`, () => {
  it('answers every route 503 database_unavailable with Retry-After, and logs one warning, not a stack per request', async () => {
    const { t, logger } = await appWithHold();
    const { threadId } = await startThread(t, '1', ['2'], 'before the shutdown');
    await t.messaging.close();

    const inbox = await t.as('1').get('/api/threads');
    expect(inbox.status).toBe(503);
    expect(inbox.body).toEqual(shutdownAnswer);
    expect(inbox.headers['retry-after']).toBe('5');
    expect(inbox.headers['cache-control']).toBe('no-store');

    const reply = await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'after the shutdown' });
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual(shutdownAnswer);

    const page = await t.as('1').get(`/threads/${threadId}`);
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).not.toContain('before the shutdown');

    expect(logger.error).not.toHaveBeenCalled();
    const warnings = logger.warn.mock.calls.filter(([, message]) => String(message).includes('messaging.close()'));
    expect(warnings).toHaveLength(1);
  });

  it('answers a request that was under way when close() ran 503, not 500', async () => {
    const { t, logger, arrival, release } = await appWithHold();
    const { threadId } = await startThread(t, '1', ['2'], 'before the shutdown');
    const sending = t.as('1').post(`/api/threads/${threadId}/messages`).set('x-hold', '1').send({ body: 'under way' });
    const answered = sending.then((res) => res);
    await arrival;
    await t.messaging.close();
    release();
    const res = await answered;
    expect(res.status).toBe(503);
    expect(res.body).toEqual(shutdownAnswer);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it("leaves the host's pages without the messaging entries, quietly", async () => {
    const { t, logger } = await appWithHold();
    await startThread(t, '2', ['1'], 'unread');
    const host = express();
    host.use(t.messaging.locals());
    host.get('/page', (_req, res) => {
      const m = res.locals.messaging;
      res.json({ enabled: m.enabled, navLink: m.navLink, button: m.messageButton('2') });
    });
    const before = await request(host).get('/page').set('x-test-user', '1');
    expect(before.body.enabled).toBe(true);
    expect(before.body.navLink).toMatch(/data-messaging-badge/);

    await t.messaging.close();
    const after = await request(host).get('/page').set('x-test-user', '1');
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ enabled: false, navLink: '', button: '' });
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
