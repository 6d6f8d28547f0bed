import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

/**
 * The authorization matrix: every route of the router, called as a participant, a member
 * who is not in the thread, a signed-out visitor and with messaging switched off, over JSON
 * and HTML. Refused calls must answer as the contract says and change no row.
 */
interface Route {
  name: string;
  kind: 'json' | 'html';
  method: 'get' | 'post';
  path: (threadId: string) => string;
  /** Whether the route is about one thread (a non-participant must get 404). */
  threadScoped: boolean;
  send?: (csrf: string) => object | string;
  /** What a participant gets. */
  ok: number;
}

const ROUTES: Route[] = [
  { name: 'list threads', kind: 'json', method: 'get', path: () => '/api/threads', threadScoped: false, ok: 200 },
  { name: 'start thread', kind: 'json', method: 'post', path: () => '/api/threads', threadScoped: false, send: () => ({ recipientIds: ['4'], body: 'new' }), ok: 201 },
  { name: 'get thread', kind: 'json', method: 'get', path: (id) => `/api/threads/${id}`, threadScoped: true, ok: 200 },
  { name: 'send message', kind: 'json', method: 'post', path: (id) => `/api/threads/${id}/messages`, threadScoped: true, send: () => ({ body: 'reply' }), ok: 201 },
  { name: 'mark read', kind: 'json', method: 'post', path: (id) => `/api/threads/${id}/read`, threadScoped: true, send: () => ({}), ok: 200 },
  { name: 'unread', kind: 'json', method: 'get', path: () => '/api/unread', threadScoped: false, ok: 200 },
  { name: 'csrf token', kind: 'json', method: 'get', path: () => '/api/csrf', threadScoped: false, ok: 200 },
  { name: 'inbox page', kind: 'html', method: 'get', path: () => '/', threadScoped: false, ok: 200 },
  { name: 'compose page', kind: 'html', method: 'get', path: () => '/new?to=2', threadScoped: false, ok: 200 },
  { name: 'start form', kind: 'html', method: 'post', path: () => '/', threadScoped: false, send: (csrf) => `to=4&body=new&_csrf=${csrf}`, ok: 303 },
  { name: 'thread page', kind: 'html', method: 'get', path: (id) => `/threads/${id}`, threadScoped: true, ok: 200 },
  { name: 'reply form', kind: 'html', method: 'post', path: (id) => `/threads/${id}`, threadScoped: true, send: (csrf) => `body=reply&_csrf=${csrf}`, ok: 303 },
  { name: 'search', kind: 'json', method: 'get', path: () => '/api/search?q=hello', threadScoped: false, ok: 200 },
  { name: 'search page', kind: 'html', method: 'get', path: () => '/search?q=hello', threadScoped: false, ok: 200 },
  { name: 'stylesheet', kind: 'html', method: 'get', path: () => '/assets/messaging.css', threadScoped: false, ok: 200 },
];

let t: HttpTestApp;
let threadId: string;

beforeAll(async () => {
  t = await createHttpTestApp();
  ({ threadId } = await startThread(t, '1', ['2']));
});
afterAll(async () => {
  await t?.cleanup();
});

/** Every row of the tables a request could write, to prove a refused call wrote nothing. */
async function snapshot(): Promise<string> {
  const { db } = t.messaging.database;
  const tables = ['messaging_threads', 'messaging_participants', 'messaging_messages', 'messaging_idempotency_keys'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

async function call(route: Route, userId: string | null, id: string) {
  const csrf = userId ? ((await t.as(userId).get('/api/csrf')).body.token ?? '') : '';
  const as = t.as(userId);
  if (route.method === 'get') return as.get(route.path(id));
  const test = as.post(route.path(id));
  const body = route.send?.(csrf);
  return typeof body === 'string' ? test.type('form').send(body) : test.send(body ?? {});
}

function expectRefusal(res: { status: number; body: any; text: string; headers: Record<string, string> }, route: Route, status: number, code: string) {
  expect(res.status, `${route.name}`).toBe(status);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  if (route.kind === 'json') {
    expect(res.body.error.code, route.name).toBe(code);
  } else {
    expect(res.headers['content-type'], route.name).toMatch(/text\/html/);
    expect(res.text, route.name).toMatch(/<h1[^>]*>/);
  }
}

describe('authorization matrix', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a participant is served', async (_name, route) => {
    const res = await call(route, '1', threadId);
    expect(res.status, res.text).toBe(route.ok);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    if (route.path(threadId).startsWith('/assets')) return;
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(ROUTES.filter((r) => r.threadScoped).map((r) => [r.name, r] as const))(
    '%s: a non-participant gets 404, exactly as for an unknown thread, and nothing is written',
    async (_name, route) => {
      const before = await snapshot();
      const res = await call(route, '3', threadId);
      expectRefusal(res, route, 404, 'not_found');
      expect(await snapshot()).toBe(before);
      const unknown = await call(route, '3', 'NoSuchThread0123456789');
      expect(unknown.status).toBe(res.status);
      if (route.kind === 'json') expect(unknown.body).toEqual(res.body);
      else expect(unknown.text).toBe(res.text);
      // Other's thread ids do not leak through the non-participant's own pages either.
      expect((await t.as('3').get('/api/threads')).body.threads).toEqual([]);
    },
  );

  it.each(ROUTES.filter((r) => !r.path('').startsWith('/assets')).map((r) => [r.name, r] as const))(
    '%s: a signed-out visitor gets 401 and nothing is written',
    async (_name, route) => {
      const before = await snapshot();
      const res = await call(route, null, threadId);
      expectRefusal(res, route, 401, 'unauthenticated');
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: with messaging off, 404 messaging_disabled and nothing is written', async (_name, route) => {
    const csrf = (await t.as('1').get('/api/csrf')).body.token;
    await t.messaging.toggle.setEnabled(false, null);
    try {
      const before = await snapshot();
      const as = t.as('1');
      const body = route.send?.(csrf);
      const res =
        route.method === 'get'
          ? await as.get(route.path(threadId))
          : typeof body === 'string'
            ? await as.post(route.path(threadId)).type('form').send(body)
            : await as.post(route.path(threadId)).send(body ?? {});
      expectRefusal(res, route, 404, 'messaging_disabled');
      expect(await snapshot()).toBe(before);
    } finally {
      await t.messaging.toggle.setEnabled(true, null);
    }
    // Switched on again, the thread is back as it was.
    expect((await t.as('2').get(`/api/threads/${threadId}`)).status).toBe(200);
  });

  it('sends a signed-out visitor of a page to the sign-in page when the host has one; JSON still answers 401', async () => {
    const withSignIn = await createHttpTestApp({ overrides: { signInUrl: (req: any) => `/login?next=${encodeURIComponent(req.originalUrl)}` } });
    try {
      const page = await withSignIn.as(null).get('/threads/abc');
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('/login?next=%2Fmessages%2Fthreads%2Fabc');
      expect((await withSignIn.as(null).get('/api/unread')).status).toBe(401);
    } finally {
      await withSignIn.cleanup();
    }
  });
});
