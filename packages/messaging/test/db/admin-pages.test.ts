import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ADMIN = '5';

/** A fresh install: messaging off, the router at `/chat` (not the README's `/messages`), the admin pages at `/admin/messaging`. */
async function freshInstall(): Promise<express.Express> {
  const test = await createTestMessaging({ isAdmin: (req: any) => req.headers['x-test-user'] === ADMIN });
  cleanups.push(test.cleanup);
  const app = express();
  app.use('/chat', test.messaging.router);
  app.use('/admin/messaging', test.messaging.adminRouter);
  return app;
}

/** The stylesheet, script and the script's words a page links to. */
function assetsOf(html: string): { css: string; js: string; words: string } {
  const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
  const js = /<script src="([^"]+\/messaging\.js[^"]*)"/.exec(html)?.[1];
  const words = /<script src="([^"]+\/messaging-words\.js[^"]*)"/.exec(html)?.[1];
  expect(css, html).toBeDefined();
  expect(js, html).toBeDefined();
  expect(words, html).toBeDefined();
  return { css: css!.replace(/&amp;/g, '&'), js: js!.replace(/&amp;/g, '&'), words: words!.replace(/&amp;/g, '&') };
}

describe(`the admin pages on ${TEST_DIALECT}`, () => {
  it.each(['/admin/messaging', '/admin/messaging/reports', '/admin/messaging/limits'])(
    '%s loads its stylesheet and script while messaging is off and the router is mounted at /chat',
    async (path) => {
      const app = await freshInstall();
      const page = await request(app).get(path).set('x-test-user', ADMIN).expect(200);
      const { css, js, words } = assetsOf(page.text);
      const style = await request(app).get(css).expect(200);
      expect(style.headers['content-type']).toMatch(/^text\/css/);
      expect(style.text).toContain('.messaging');
      expect(style.headers['x-content-type-options']).toBe('nosniff');
      const script = await request(app).get(js).expect(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect(script.headers['x-content-type-options']).toBe('nosniff');
      // The links name the version these copies have, so browsers keep them.
      expect(style.headers['cache-control']).toContain('immutable');
      expect(script.headers['cache-control']).toContain('immutable');
      const wordsScript = await request(app).get(words).expect(200);
      expect(wordsScript.headers['x-content-type-options']).toBe('nosniff');
      expect(wordsScript.headers['cache-control']).toContain('immutable');
    },
  );

  it("an error page of the admin router (a member who is not an admin) is styled too, with the assets' current versions", async () => {
    const app = await freshInstall();
    const page = await request(app).get('/admin/messaging').set('x-test-user', '1').expect(403);
    const { css, js, words } = assetsOf(page.text);
    for (const url of [css, js, words]) {
      const res = await request(app).get(url).expect(200);
      expect(res.headers['cache-control'], url).toContain('immutable');
    }
  });

  it.each([
    ['a path starting with //', 'http://127.0.0.1//evil.example/phish'],
    ['a path starting with /\\', 'http://127.0.0.1/\\evil.example/phish'],
    ['a path starting with /%2F', 'http://127.0.0.1/%2F%2Fevil.example/phish'],
  ])('never sends the admin to another site through a same-origin Referer with %s', async (_name, referer) => {
    const app = await freshInstall();
    const page = await request(app).get('/admin/messaging').set('x-test-user', ADMIN).expect(200);
    const token = /name="_csrf" value="([^"]*)"/.exec(page.text)![1]!;
    const res = await request(app)
      .post('/admin/messaging')
      .set('x-test-user', ADMIN)
      .set('host', '127.0.0.1')
      .set('referer', referer)
      .type('form')
      .send({ enabled: 'on', _csrf: token })
      .expect(303);
    const location = res.headers.location!;
    // A local path: one slash, then not a second slash or a backslash (browsers read both as another host).
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location, 'http://127.0.0.1').host).toBe('127.0.0.1');
  });
});
