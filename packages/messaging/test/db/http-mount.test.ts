import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

describe('mounting the router (Express 5)', () => {
  it('works under any path, with links and redirects under that path', async () => {
    t = await createHttpTestApp({ mount: '/any/path' });
    const { threadId } = await startThread(t, '1', ['2']);
    const inbox = await t.as('2').get('/');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(`href="/any/path/threads/${threadId}"`);
    const page = await t.as('2').get(`/threads/${threadId}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const reply = await t.as('2').post(`/threads/${threadId}`).type('form').send({ body: 'ok', _csrf: csrf });
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toMatch(new RegExp(`^/any/path/threads/${threadId}#m-`));
  });

  it("mounted at the root, leaves the host's other pages alone, also while switched off", async () => {
    t = await createHttpTestApp({ mount: '' });
    t.app.get('/about', (_req: unknown, res: any) => res.set('Cache-Control', 'public, max-age=60').send('about us'));
    expect((await t.as('1').get('/')).status).toBe(200);
    await t.messaging.toggle.setEnabled(false, null);
    const about = await t.as('1').get('/about');
    expect(about.status).toBe(200);
    expect(about.headers['cache-control']).toBe('public, max-age=60');
    expect((await t.as('1').get('/')).status).toBe(404);
    expect((await t.as('1').get('/api/unread')).body.error.code).toBe('messaging_disabled');
  });

  it('works behind the host body parsers too', async () => {
    const express = (await import('express')).default;
    t = await createHttpTestApp({
      before: (app) => {
        app.use(express.json({ limit: '1mb' }));
        app.use(express.urlencoded({ extended: true }));
      },
    });
    const { threadId } = await startThread(t, '1', ['2']);
    const page = await t.as('2').get(`/threads/${threadId}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    expect((await t.as('2').post(`/threads/${threadId}`).type('form').send({ body: 'parsed by host', _csrf: csrf })).status).toBe(303);
  });

  it('serves its stylesheet and script with their types and long-cache headers', async () => {
    t = await createHttpTestApp();
    const page = await t.as('1').get('/');
    const cssHref = /href="(\/messages\/assets\/messaging\.css\?v=[\w-]+)"/.exec(page.text)?.[1];
    expect(cssHref).toBeDefined();
    const css = await request(t.app).get(cssHref!);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(css.text).toContain('.messaging');
    const js = await request(t.app).get('/messages/assets/messaging.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text).toContain('scrollIntoView');
    const again = await request(t.app).get('/messages/assets/messaging.js').set('If-None-Match', js.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('leaves paths it does not know to the host', async () => {
    t = await createHttpTestApp({ before: () => {} });
    t.app.use((_req: unknown, res: any) => res.status(418).send('host'));
    expect((await t.as('1').get('/not-a-messaging-page')).status).toBe(418);
  });
});
