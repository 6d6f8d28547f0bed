import { createRequire } from 'node:module';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

const require = createRequire(import.meta.url);

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/** A POST with no Fetch Metadata, as an old browser or a script would send it. */
const bare = (path: string) => request(t.app).post(`${t.mount}${path}`).set('x-test-user', '1');

describe('CSRF guard', () => {
  it('refuses cross-site and same-site Fetch Metadata, a foreign Origin, and a bare request without a token; stores nothing', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const before = await t.counts();
    const attempts = [
      bare(`/api/threads/${threadId}/messages`).set('Sec-Fetch-Site', 'cross-site').send({ body: 'x' }),
      bare(`/api/threads/${threadId}/messages`).set('Sec-Fetch-Site', 'same-site').send({ body: 'x' }),
      bare(`/api/threads/${threadId}/messages`).set('Origin', 'https://evil.example').send({ body: 'x' }),
      bare(`/api/threads/${threadId}/messages`).set('Origin', 'null').send({ body: 'x' }),
      bare(`/api/threads/${threadId}/messages`).send({ body: 'x' }),
      bare(`/api/threads/${threadId}/messages`).set('X-CSRF-Token', 'forged').send({ body: 'x' }),
      bare(`/threads/${threadId}`).type('form').send('body=x&_csrf=forged'),
      bare('/').type('form').send('to=3&body=x'),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect(res.status).toBe(403);
      if (res.type === 'application/json') expect(res.body.error.code).toBe('csrf_rejected');
    }
    expect(await t.counts()).toEqual(before);
  });

  it('lets through a same-origin request (Origin or Sec-Fetch-Site) and a bare one with a valid token', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '1', ['2']);
    const sameOrigin = await request(t.app)
      .post(`${t.mount}/api/threads/${threadId}/messages`)
      .set('x-test-user', '1')
      .set('Host', 'chat.example:8080')
      .set('Origin', 'http://chat.example:8080')
      .send({ body: 'same origin' });
    expect(sameOrigin.status).toBe(201);
    // Chromium's same-origin form post under helmet's default Referrer-Policy (no-referrer).
    const nullOrigin = await bare(`/threads/${threadId}`).set('Sec-Fetch-Site', 'same-origin').set('Origin', 'null').type('form').send('body=null%20origin');
    expect(nullOrigin.status).toBe(303);
    const token = (await t.as('1').get('/api/csrf')).body.token;
    expect((await bare(`/api/threads/${threadId}/messages`).set('X-CSRF-Token', token).send({ body: 'header token' })).status).toBe(201);
    expect((await bare(`/threads/${threadId}`).type('form').send({ body: 'field token', _csrf: token })).status).toBe(303);
    // A token is bound to its member.
    const bobs = (await t.as('2').get('/api/csrf')).body.token;
    expect(bobs).not.toBe(token);
    expect((await bare(`/api/threads/${threadId}/messages`).set('X-CSRF-Token', bobs).send({ body: 'x' })).status).toBe(403);
  });

  it('trusts X-Forwarded-Host only when the host app trusts the proxy, and says so once in the log', async () => {
    const warnings: object[] = [];
    t = await createHttpTestApp({ overrides: { logger: { info() {}, error() {}, warn: (obj: object) => warnings.push(obj) } } });
    const { threadId } = await startThread(t, '1', ['2']);
    const viaProxy = () =>
      bare(`/api/threads/${threadId}/messages`)
        .set('X-Forwarded-Proto', 'https')
        .set('X-Forwarded-Host', 'public.example')
        .set('Origin', 'https://public.example')
        .set('Sec-Fetch-Site', 'same-origin')
        .send({ body: 'through the proxy' });
    expect((await viaProxy()).status).toBe(403);
    expect((await viaProxy()).status).toBe(403);
    expect(warnings).toEqual([expect.objectContaining({ origin: 'https://public.example' })]);
    t.app.set('trust proxy', true);
    expect((await viaProxy()).status).toBe(201);
  });

  it('keeps the same secret for two instances on one database', async () => {
    t = await createHttpTestApp();
    const one = (await t.as('1').get('/api/csrf')).body.token;
    const app2 = express();
    app2.use(
      '/m',
      (await import('../../src/create-messaging.js')).createMessaging({
        database: { kysely: t.messaging.database.db },
        users: { getUsers: () => [] },
        currentUserId: (req: any) => req.headers['x-test-user'] ?? null,
        toggle: { isEnabled: () => true, setEnabled: () => {} },
      }).router,
    );
    const two = (await request(app2).get('/m/api/csrf').set('x-test-user', '1')).body.token;
    expect(two).toBe(one);
  });
});

describe('a host that already uses csurf', () => {
  it('renders the host token in forms and accepts posts that carry it; refuses those without', async () => {
    const cookieParser = require('cookie-parser');
    const csurf = require('csurf');
    t = await createHttpTestApp({
      before: (app) => {
        app.use(cookieParser());
        app.use(express.urlencoded({ extended: false }));
        app.use(csurf({ cookie: true }));
      },
    });
    // csurf refuses the JSON API without a token, so start the thread with one.
    const agent = request.agent(t.app);
    const compose = await agent.get(`${t.mount}/new?to=2`).set('x-test-user', '1');
    expect(compose.status).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(compose.text)![1]!;
    const started = await agent.post(`${t.mount}/`).set('x-test-user', '1').type('form').send({ to: '2', body: 'via csurf', _csrf: token });
    expect(started.status).toBe(303);
    const threadPath = started.headers.location as string;
    const page = await agent.get(threadPath).set('x-test-user', '1');
    expect(page.text).toContain('via csurf');
    const pageToken = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const reply = await agent.post(threadPath).set('x-test-user', '1').type('form').send({ body: 'reply via csurf', _csrf: pageToken });
    expect(reply.status).toBe(303);
    const apiToken = (await agent.get(`${t.mount}/api/csrf`).set('x-test-user', '1')).body.token;
    const api = await agent
      .post(`${threadPath}`.replace('/threads/', '/api/threads/') + '/messages')
      .set('x-test-user', '1')
      .set('X-CSRF-Token', apiToken)
      .send({ body: 'api via csurf' });
    expect(api.status).toBe(201);
    const before = await t.counts();
    const refused = await agent.post(threadPath).set('x-test-user', '1').type('form').send({ body: 'no token' });
    expect(refused.status).toBe(403);
    expect(await t.counts()).toEqual(before);
  });
});
