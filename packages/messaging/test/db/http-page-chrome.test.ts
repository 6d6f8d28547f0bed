import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** A host whose layout prints the nav link from `res.locals.messaging`, as a real host does. */
async function hostWithNav(): Promise<HttpTestApp> {
  let messagingRef: HttpTestApp['messaging'] | undefined;
  const app = await createHttpTestApp({
    overrides: { layout: ({ title, body, res }) => `<!doctype html><title>${title}</title><nav>${res.locals.messaging?.navLink ?? ''}</nav><main>${body}</main>` },
    before: (host) => host.use((req: any, res: any, next: any) => messagingRef!.locals()(req, res, next)),
  });
  messagingRef = app.messaging;
  return app;
}

describe(`the chrome around the package's pages on ${TEST_DIALECT}`, () => {
  it("a thread page's nav badge already counts the messages the page just marked read", async () => {
    t = await hostWithNav();
    const a = await startThread(t, '1', ['2'], 'first');
    await t.as('1').post(`/api/threads/${a.threadId}/messages`).send({ body: 'second' });
    const other = await startThread(t, '3', ['2'], 'from carol');
    expect(other.threadId).not.toBe(a.threadId);
    expect((await t.as('2').get('/api/unread')).body.unreadTotal).toBe(3);

    const page = await t.as('2').get(`/threads/${a.threadId}`);
    expect(page.status).toBe(200);
    // Two of the three were on this page and are now read: the badge says 1, not 3.
    const nav = /<nav>.*?<\/nav>/s.exec(page.text)?.[0];
    expect(nav).toMatch(/data-messaging-badge[^>]*>1</);
    expect((await t.as('2').get('/api/unread')).body.unreadTotal).toBe(1);
  });

  it('every page of the package loads the script, so the badge is live on the inbox and compose pages too', async () => {
    t = await createHttpTestApp();
    for (const path of ['/', '/new?to=2']) {
      const page = await t.as('1').get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toMatch(
        /<script src="\/messages\/assets\/messaging-words\.js\?l=en&amp;tz=UTC&amp;v=[\w-]+" defer><\/script>\n?<script src="\/messages\/assets\/messaging\.js\?v=[\w-]+" defer><\/script>/,
      );
    }
  });

  it('caches the script for good only under its current version', async () => {
    t = await createHttpTestApp();
    const page = await t.as('1').get('/');
    const href = /<script src="\/messages(\/assets\/messaging\.js\?v=[\w-]+)"/.exec(page.text)?.[1];
    expect(href).toBeDefined();
    expect((await t.as('1').get(href!)).headers['cache-control']).toContain('immutable');
    const unversioned = await t.as('1').get('/assets/messaging.js');
    expect(unversioned.status).toBe(200);
    expect(unversioned.headers['cache-control']).not.toContain('immutable');
    expect(unversioned.headers.etag).toBeDefined();
  });
});
