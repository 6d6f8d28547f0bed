import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** "Email me about unread messages" on the settings page and in GET/PUT /api/preferences. */

let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

async function app(withNotifications = true): Promise<HttpTestApp> {
  const t = await createHttpTestApp({
    overrides: withNotifications ? { notifications: { send: () => {}, baseUrl: 'https://example.com/messages', worker: false } } : {},
  });
  open.push(t);
  return t;
}

const csrfOf = async (t: HttpTestApp, user: string) => (await t.as(user).get('/api/csrf')).body.token as string;
const put = (t: HttpTestApp, user: string | null, body: unknown, site = 'same-origin') => {
  const req = request(t.app).put('/messages/api/preferences').set('Sec-Fetch-Site', site);
  return (user === null ? req : req.set('x-test-user', user)).send(body as object);
};
const stored = async (t: HttpTestApp, user: string) => ({ ...(await t.messaging.preferences.get(user)), notifications: await t.messaging.notifications.getMode(user) });

describe(`notification preferences over HTTP on ${TEST_DIALECT}`, () => {
  it('the JSON API reads and sets the mode, alone or with whoCanMessage, for the signed-in member only', async () => {
    const t = await app();
    expect((await t.as('2').get('/api/preferences')).body).toEqual({ whoCanMessage: 'everyone', notifications: 'conversation' });
    const digest = await put(t, '2', { notifications: 'digest' });
    expect(digest.status).toBe(200);
    expect(digest.body).toEqual({ whoCanMessage: 'everyone', notifications: 'digest' });
    const both = await put(t, '2', { whoCanMessage: 'contacts', notifications: 'off' });
    expect(both.body).toEqual({ whoCanMessage: 'contacts', notifications: 'off' });
    // The former shape still works.
    expect((await put(t, '2', { whoCanMessage: 'everyone' })).body).toEqual({ whoCanMessage: 'everyone', notifications: 'off' });
    expect(await stored(t, '2')).toEqual({ whoCanMessage: 'everyone', notifications: 'off' });
    expect(await stored(t, '3')).toEqual({ whoCanMessage: 'everyone', notifications: 'conversation' });
  });

  it('refuses a bad value with 400 invalid_request and stores neither field; visitors get 401 and cross-site writes 403', async () => {
    const t = await app();
    for (const body of [
      { notifications: 'weekly' },
      { whoCanMessage: 'nobody', notifications: 'weekly' },
      { notifications: null },
      { notifications: ['off'] },
      {},
      { whoCanMessage: 'nobody', notifications: 'OFF' },
    ]) {
      const res = await put(t, '2', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await put(t, '2', { notifications: 'weekly' })).body.error.details[0]).toMatchObject({ in: 'body', field: 'notifications' });
    expect((await put(t, null, { notifications: 'off' })).status).toBe(401);
    expect((await t.as(null).get('/api/preferences')).status).toBe(401);
    const cross = await put(t, '2', { notifications: 'off' }, 'cross-site');
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('csrf_rejected');
    expect(await stored(t, '2')).toEqual({ whoCanMessage: 'everyone', notifications: 'conversation' });
  });

  it('the settings page shows the labelled choice with the current mode, saves it with the CSRF token, and refuses a bad value or a missing token', async () => {
    const t = await app();
    await t.messaging.notifications.setMode('2', 'digest');
    const page = await t.as('2').get('/preferences');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<legend>Email me about unread messages</legend>');
    expect(page.text).toContain('<label><input type="radio" name="notifications" value="off"> Off</label>');
    expect(page.text).toContain('<label><input type="radio" name="notifications" value="conversation"> Each conversation, once until I read it</label>');
    expect(page.text).toContain('<label><input type="radio" name="notifications" value="digest" checked> A daily digest</label>');

    const saved = await t
      .as('2')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=everyone&notifications=off&_csrf=${await csrfOf(t, '2')}`);
    expect(saved.status).toBe(303);
    expect(await stored(t, '2')).toEqual({ whoCanMessage: 'everyone', notifications: 'off' });
    expect((await t.as('2').get('/preferences?saved=1')).text).toMatch(/value="off" checked/);

    const bad = await t
      .as('2')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=nobody&notifications=weekly&_csrf=${await csrfOf(t, '2')}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose how often we email you.');
    expect(bad.text).toContain('aria-describedby="messaging-notify-error"');
    // Without Fetch Metadata or Origin, the token is needed (an old browser, a script).
    const noToken = await request(t.app).post('/messages/preferences').set('x-test-user', '2').type('form').send('whoCanMessage=nobody&notifications=digest');
    expect(noToken.status).toBe(403);
    const crossSite = await request(t.app)
      .post('/messages/preferences')
      .set('x-test-user', '2')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send(`whoCanMessage=nobody&notifications=digest&_csrf=${await csrfOf(t, '2')}`);
    expect(crossSite.status).toBe(403);
    expect((await t.as(null).post('/preferences').type('form').send('notifications=digest')).status).toBe(401);
    expect(await stored(t, '2')).toEqual({ whoCanMessage: 'everyone', notifications: 'off' });
  });

  it('without the notifications option the page offers no choice and the API keeps its former shape', async () => {
    const t = await app(false);
    expect((await t.as('2').get('/preferences')).text).not.toContain('Email me about unread messages');
    expect((await t.as('2').get('/api/preferences')).body).toEqual({ whoCanMessage: 'everyone' });
    expect((await put(t, '2', { notifications: 'off' })).status).toBe(400);
    const form = await t
      .as('2')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=everyone&notifications=off&_csrf=${await csrfOf(t, '2')}`);
    expect(form.status).toBe(303);
    expect(await t.messaging.notifications.getMode('2')).toBe('conversation');
  });
});
