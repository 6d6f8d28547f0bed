import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions } from '../../src/options.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ADMIN = '5';
const MEMBER = '1';

/** A host with the admin router mounted where the README says; user 5 is its administrator. */
async function setup(extra: Partial<MessagingOptions> = {}): Promise<{ app: express.Express; messaging: Messaging }> {
  const test = await createTestMessaging({ isAdmin: (req: any) => req.headers['x-test-user'] === ADMIN, ...extra });
  cleanups.push(test.cleanup);
  const app = express();
  app.use('/admin/messaging', test.messaging.adminRouter);
  return { app, messaging: test.messaging };
}

/** The page's hidden `_csrf` value. */
async function tokenFrom(app: express.Express): Promise<string> {
  const res = await request(app).get('/admin/messaging').set('x-test-user', ADMIN).expect(200);
  return /name="_csrf" value="([^"]*)"/.exec(res.text)![1]!;
}

describe(`the admin switch on ${TEST_DIALECT}`, () => {
  it('shows the "Direct messaging" switch to an administrator, off at first, with a CSRF field', async () => {
    const { app } = await setup();
    const res = await request(app).get('/admin/messaging').set('x-test-user', ADMIN).expect(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<h1>Direct messaging</h1>');
    expect(res.text).toContain('data-messaging-state="off"');
    expect(res.text).toContain('<form method="post" action="/admin/messaging/"');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(res.text).toContain('name="enabled" value="on"');
    // No inline script or style (helmet's default CSP); the package's own script file is fine.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)|style=/);
  });

  it('switches on and off with a token, answering 303 back to the page the admin came from', async () => {
    const { app, messaging } = await setup();
    const token = await tokenFrom(app);
    const on = await request(app)
      .post('/admin/messaging')
      .set('x-test-user', ADMIN)
      .set('referer', 'http://127.0.0.1/settings?tab=features')
      .set('host', '127.0.0.1')
      .type('form')
      .send({ enabled: 'on', _csrf: token })
      .expect(303);
    expect(on.headers.location).toBe('/settings?tab=features');
    expect(await messaging.toggle.isEnabled()).toBe(true);

    const off = await request(app).post('/admin/messaging').set('x-test-user', ADMIN).type('form').send({ enabled: 'off', _csrf: token }).expect(303);
    expect(off.headers.location).toBe('/admin/messaging/');
    expect(await messaging.toggle.isEnabled()).toBe(false);
  });

  it('never redirects to another site through the Referer', async () => {
    const { app } = await setup();
    const res = await request(app)
      .post('/admin/messaging')
      .set('x-test-user', ADMIN)
      .set('sec-fetch-site', 'same-origin')
      .set('referer', 'https://evil.example/phish')
      .type('form')
      .send({ enabled: 'on' })
      .expect(303);
    expect(res.headers.location).toBe('/admin/messaging/');
  });

  it('refuses a cross-site switch, a foreign Origin and a missing token with 403, changing nothing', async () => {
    const { app, messaging } = await setup();
    const post = () => request(app).post('/admin/messaging').set('x-test-user', ADMIN).type('form');
    expect((await post().set('sec-fetch-site', 'cross-site').send({ enabled: 'on' }).expect(403)).text).toContain('refused');
    await post().set('origin', 'https://evil.example').send({ enabled: 'on' }).expect(403);
    await post().send({ enabled: 'on' }).expect(403);
    await post().send({ enabled: 'on', _csrf: 'forged' }).expect(403);
    const json = await post().set('accept', 'application/json').send({ enabled: 'on' }).expect(403);
    expect(json.body.error.code).toBe('csrf_rejected');
    expect(await messaging.toggle.isEnabled()).toBe(false);
  });

  it('answers 403 to a member who is not an administrator, for the page and the switch', async () => {
    const { app, messaging } = await setup();
    const token = await tokenFrom(app);
    await request(app).get('/admin/messaging').set('x-test-user', MEMBER).expect(403);
    const res = await request(app)
      .post('/admin/messaging')
      .set('x-test-user', MEMBER)
      .set('accept', 'application/json')
      .type('form')
      .send({ enabled: 'on', _csrf: token })
      .expect(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await messaging.toggle.isEnabled()).toBe(false);
  });

  it('answers 401 to a visitor', async () => {
    const { app } = await setup();
    await request(app).get('/admin/messaging').expect(401);
    await request(app).post('/admin/messaging').type('form').send({ enabled: 'on' }).expect(401);
  });

  it('sends a visitor to the sign-in page when the host has one', async () => {
    const withSignIn = await setup({ signInUrl: '/login' });
    expect((await request(withSignIn.app).get('/admin/messaging').expect(303)).headers.location).toBe('/login');
  });

  it('stays reachable while messaging is off, and refuses a value other than on or off', async () => {
    const { app, messaging } = await setup();
    const token = await tokenFrom(app);
    const res = await request(app)
      .post('/admin/messaging')
      .set('x-test-user', ADMIN)
      .set('accept', 'application/json')
      .type('form')
      .send({ enabled: 'yes', _csrf: token })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(await messaging.toggle.isEnabled()).toBe(false);
  });

  it("renders the switch for a host's own settings page, posting where the host says", async () => {
    const { messaging } = await setup();
    const app = express();
    app.get('/settings', async (req, res) => res.type('html').send(await messaging.adminToggleHtml(req, { action: '/settings/messaging', csrfToken: 'host-token' })));
    const res = await request(app).get('/settings').expect(200);
    expect(res.text).toContain('action="/settings/messaging"');
    expect(res.text).toContain('name="_csrf" value="host-token"');
    expect(res.text).toContain('Turn direct messaging on');
  });

  it('logs the change with the admin as actor', async () => {
    const lines: Array<[object, string | undefined]> = [];
    const logger = { info: (o: object, m?: string) => void lines.push([o, m]), warn() {}, error() {} };
    const { app } = await setup({ logger });
    const token = await tokenFrom(app);
    await request(app).post('/admin/messaging').set('x-test-user', ADMIN).type('form').send({ enabled: 'on', _csrf: token }).expect(303);
    expect(lines.find(([, m]) => m === 'messaging: switched on')?.[0]).toMatchObject({ enabled: true, actor: ADMIN });
  });
});
