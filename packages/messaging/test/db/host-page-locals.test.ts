import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessagingOptions } from '../../src/options.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { notingSameTick } from '../helpers/same-tick.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/**
 * A host app with `messaging.locals()` on every page. `/page` answers what the page got and
 * whether locals() handed it on before returning (in the same tick, no wait).
 */
function hostPages(app: HttpTestApp) {
  const host = express();
  const locals = app.messaging.locals();
  host.use(notingSameTick(locals));
  host.get('/page', (_req, res) => {
    const messaging = res.locals.messaging;
    res.json({ sameTick: res.locals.sameTick, enabled: messaging.enabled, unreadTotal: messaging.unreadTotal, navLink: messaging.navLink, button: messaging.messageButton('2') });
  });
  return (userId: string) => request(host).get('/page').set('x-test-user', userId);
}

/** Pages until one is handed on at once (at most 2 seconds' worth), returning that one. */
async function untilSameTick(page: () => Promise<request.Response>): Promise<request.Response> {
  for (let i = 0; ; i++) {
    const res = await page();
    if (res.body.sameTick || i >= 40) return res;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function appWith(overrides: Partial<MessagingOptions> = {}) {
  const warn = vi.fn();
  t = await createHttpTestApp({ overrides: { logger: { info: () => {}, warn, error: () => {} }, ...overrides } });
  return { t, warn };
}

describe(`messaging.locals() on a host page, on ${TEST_DIALECT}`, () => {
  it('hands the page on at once when the switch, the viewer and the badge are known, and the badge stays exact', async () => {
    const { t } = await appWith();
    await startThread(t, '2', ['1'], 'hello');
    const page = hostPages(t);

    // The first page of a member reads the badge from the database: it waits for that.
    const first = await page('1');
    expect(first.body).toMatchObject({ sameTick: false, enabled: true, unreadTotal: 1 });
    expect(first.body.navLink).toMatch(/data-messaging-badge[^>]*>1</);

    // Later pages: everything remembered or answered synchronously by the host. (On Postgres
    // the badge is remembered once the process listens for other servers' changes.)
    const second = await untilSameTick(() => page('1'));
    expect(second.body).toMatchObject({ sameTick: true, enabled: true, unreadTotal: 1 });
    expect(second.body.button).toContain('/messages/new?to=2');

    // A new message is heard of: the next page reads again, and shows it.
    await t
      .as('2')
      .post('/api/threads')
      .send({ recipientIds: ['1'], body: 'and again' });
    expect((await page('1')).body).toMatchObject({ sameTick: false, unreadTotal: 2 });
    expect((await untilSameTick(() => page('1'))).body).toMatchObject({ sameTick: true, unreadTotal: 2 });
  });

  it('waits for a host whose currentUserId, locale and toggle answer with promises, with the same answers', async () => {
    let enabled = true;
    const { t } = await appWith({
      currentUserId: async (req) => req.get('x-test-user') ?? null,
      locale: async () => 'de',
      toggle: { isEnabled: async () => enabled, setEnabled: async () => {} },
    });
    await startThread(t, '2', ['1'], 'hallo');
    const page = hostPages(t);
    await page('1');
    const res = await page('1');
    expect(res.body).toMatchObject({ sameTick: false, enabled: true, unreadTotal: 1 });
    expect(res.body.button).toContain('Nachricht');
    enabled = false;
    expect((await page('1')).body).toMatchObject({ enabled: false, navLink: '', button: '' });
  });

  it('renders the page without the messaging entries when a host callback throws synchronously, and logs why', async () => {
    let broken = false;
    const { t, warn } = await appWith({
      toggle: {
        isEnabled: () => {
          if (broken) throw new Error('settings table is gone');
          return true;
        },
        setEnabled: () => {},
      },
    });
    broken = true;
    const res = await hostPages(t)('1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, navLink: '', button: '' });
    expect(warn).toHaveBeenCalledWith({ err: 'settings table is gone' }, expect.stringContaining('renders without them'));
  });

  it("leaves a host page's own error to the host's error handler, once", async () => {
    const { t, warn } = await appWith();
    const host = express();
    host.use(t.messaging.locals());
    const handled = vi.fn();
    host.get('/broken', () => {
      throw new Error('the host page failed');
    });
    host.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      handled(err.message);
      res.status(500).json({ hostError: err.message });
    });
    for (let i = 0; i < 2; i++) {
      const res = await request(host).get('/broken').set('x-test-user', '1');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ hostError: 'the host page failed' });
    }
    expect(handled).toHaveBeenCalledTimes(2);
    expect(warn).not.toHaveBeenCalled();
  });
});
