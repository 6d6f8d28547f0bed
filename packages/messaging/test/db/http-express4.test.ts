import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

// The whole package sees Express 4 here, as in a host that still runs it (peer ^4.21.2).
vi.mock('express', async () => {
  const { createRequire: requireFrom } = await import('node:module');
  const express4 = requireFrom(import.meta.url)('express4');
  return { default: express4, ...express4 };
});

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

describe('mounting the router on Express 4', () => {
  it('is really Express 4', async () => {
    const express = (await import('express')).default as any;
    expect(express).toBe(createRequire(import.meta.url)('express4'));
    expect(createRequire(import.meta.url)('express4/package.json').version).toMatch(/^4\./);
  });

  it('serves pages, forms and the JSON API under any path', async () => {
    t = await createHttpTestApp({ mount: '/any/path' });
    const { threadId } = await startThread(t, '1', ['2']);
    const list = await t.as('2').get('/api/threads?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.threads[0].id).toBe(threadId);
    const page = await t.as('2').get(`/threads/${threadId}`);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const reply = await t.as('2').post(`/threads/${threadId}`).type('form').send({ body: 'from express 4', _csrf: csrf });
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toMatch(new RegExp(`^/any/path/threads/${threadId}#m-\\d+$`));
    expect((await t.as('2').get('/api/threads?limit=500')).status).toBe(400);
    expect((await t.as('2').post('/api/threads').type('form').send('x=1')).status).toBe(415);
    expect((await t.as(null).get('/api/unread')).status).toBe(401);
  });
});
