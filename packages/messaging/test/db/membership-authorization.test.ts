import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';

/**
 * The authorization matrix of the group membership routes: as a participant, a member not in
 * the thread, a signed-out visitor, cross-site, and with messaging off, over JSON and HTML.
 * Refused calls answer as the contract says and change no row.
 */
interface Route {
  name: string;
  kind: 'json' | 'html';
  method: 'get' | 'post' | 'patch';
  path: (threadId: string) => string;
  send?: (csrf: string) => object | string;
  ok: number;
}

const ROUTES: Route[] = [
  { name: 'add members (API)', kind: 'json', method: 'post', path: (id) => `/api/threads/${id}/members`, send: () => ({ userIds: ['4'] }), ok: 200 },
  { name: 'rename (API)', kind: 'json', method: 'patch', path: (id) => `/api/threads/${id}`, send: () => ({ subject: 'Renamed' }), ok: 200 },
  { name: 'settings page', kind: 'html', method: 'get', path: (id) => `/threads/${id}/settings`, ok: 200 },
  { name: 'add members form', kind: 'html', method: 'post', path: (id) => `/threads/${id}/settings/members`, send: (csrf) => `userIds=5&_csrf=${csrf}`, ok: 303 },
  { name: 'rename form', kind: 'html', method: 'post', path: (id) => `/threads/${id}/settings/subject`, send: (csrf) => `subject=Renamed&_csrf=${csrf}`, ok: 303 },
];

let t: HttpTestApp;
let threadId: string;

beforeAll(async () => {
  t = await createHttpTestApp();
  const res = await t
    .as('1')
    .post('/api/threads')
    .send({ recipientIds: ['2', '3'], body: 'hello group' });
  threadId = res.body.thread.id;
});
afterAll(async () => {
  await t?.cleanup();
});

async function snapshot(): Promise<string> {
  const { db } = t.messaging.database;
  const tables = ['messaging_threads', 'messaging_participants', 'messaging_messages', 'messaging_thread_events'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

async function call(route: Route, userId: string | null, id: string, headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' }) {
  const csrf = userId ? ((await t.as(userId).get('/api/csrf')).body.token ?? '') : '';
  let test = request(t.app)[route.method](`/messages${route.path(id)}`);
  if (userId !== null) test = test.set('x-test-user', userId);
  for (const [k, v] of Object.entries(headers)) test = test.set(k, v);
  if (route.method === 'get') return test;
  const body = route.send?.(csrf);
  return typeof body === 'string' ? test.type('form').send(body) : test.send(body ?? {});
}

function expectRefusal(res: request.Response, route: Route, status: number, code: string) {
  expect(res.status, route.name).toBe(status);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  if (route.kind === 'json') expect(res.body.error.code, route.name).toBe(code);
  else expect(res.headers['content-type'], route.name).toMatch(/text\/html/);
}

describe('membership routes: authorization matrix', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a non-participant gets 404, as for an unknown thread, and nothing is written', async (_n, route) => {
    const before = await snapshot();
    const res = await call(route, '5', threadId);
    expectRefusal(res, route, 404, 'not_found');
    const unknown = await call(route, '5', 'NoSuchThread0123456789');
    expect(unknown.status).toBe(404);
    if (route.kind === 'json') expect(unknown.body).toEqual(res.body);
    expect(await snapshot()).toBe(before);
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a signed-out visitor gets 401 and nothing is written', async (_n, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, null, threadId), route, 401, 'unauthenticated');
    expect(await snapshot()).toBe(before);
  });

  it.each(ROUTES.filter((r) => r.method !== 'get').map((r) => [r.name, r] as const))(
    '%s: a cross-site request gets 403 csrf_rejected and nothing is written',
    async (_n, route) => {
      const before = await snapshot();
      expectRefusal(await call(route, '1', threadId, { 'Sec-Fetch-Site': 'cross-site' }), route, 403, 'csrf_rejected');
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: with messaging off, 404 messaging_disabled and nothing is written', async (_n, route) => {
    const csrf = (await t.as('1').get('/api/csrf')).body.token;
    await t.messaging.toggle.setEnabled(false, null);
    try {
      const before = await snapshot();
      let test = request(t.app)
        [route.method](`/messages${route.path(threadId)}`)
        .set('x-test-user', '1')
        .set('Sec-Fetch-Site', 'same-origin');
      const body = route.send?.(csrf);
      if (route.method !== 'get') test = typeof body === 'string' ? test.type('form').send(body) : test.send(body ?? {});
      expectRefusal(await test, route, 404, 'messaging_disabled');
      expect(await snapshot()).toBe(before);
    } finally {
      await t.messaging.toggle.setEnabled(true, null);
    }
  });

  // Last: a participant's calls change the group (the API adds Dave, the form Admin).
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a participant is served, no-store', async (_n, route) => {
    const res = await call(route, '2', threadId);
    expect(res.status, res.text).toBe(route.ok);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
