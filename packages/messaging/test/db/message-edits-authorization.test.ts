import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

/**
 * The authorization matrix of the routes that edit and delete one's own message: each called
 * as the sender, as another participant, as a member not in the thread, as a visitor,
 * cross-site, and with messaging off. Refusals answer as the contract says (others' messages
 * 404, as a message one cannot see) and change no row.
 */
interface Route {
  name: string;
  kind: 'json' | 'html';
  method: 'get' | 'post' | 'patch' | 'delete';
  path: (messageId: string) => string;
  send?: (csrf: string) => object | string;
  ok: number;
}

const ROUTES: Route[] = [
  { name: 'edit (api)', kind: 'json', method: 'patch', path: (id) => `/api/messages/${id}`, send: () => ({ body: 'edited' }), ok: 200 },
  { name: 'delete (api)', kind: 'json', method: 'delete', path: (id) => `/api/messages/${id}`, ok: 200 },
  { name: 'edit page', kind: 'html', method: 'get', path: (id) => `/messages/${id}/edit`, ok: 200 },
  { name: 'edit form', kind: 'html', method: 'post', path: (id) => `/messages/${id}/edit`, send: (c) => `body=edited&_csrf=${c}`, ok: 303 },
  { name: 'delete page', kind: 'html', method: 'get', path: (id) => `/messages/${id}/delete`, ok: 200 },
  { name: 'delete form', kind: 'html', method: 'post', path: (id) => `/messages/${id}/delete`, send: (c) => `_csrf=${c}`, ok: 303 },
];

let t: HttpTestApp;
let messageId: string;

beforeAll(async () => {
  t = await createHttpTestApp();
});
afterAll(async () => {
  await t?.cleanup();
});
beforeEach(async () => {
  const { db } = t.messaging.database;
  for (const table of ['messaging_reports', 'messaging_messages', 'messaging_participants', 'messaging_threads'] as const) await db.deleteFrom(table).execute();
  // Alice (1) wrote it; Bob (2) is in the thread; Carol (3) is not.
  ({ messageId } = await startThread(t, '1', ['2'], 'from Alice'));
});

async function snapshot(): Promise<string> {
  const { db } = t.messaging.database;
  const tables = ['messaging_threads', 'messaging_participants', 'messaging_messages', 'messaging_reports'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

async function call(route: Route, userId: string | null, options: { crossSite?: boolean } = {}) {
  const csrf = userId ? ((await t.as(userId).get('/api/csrf')).body.token ?? '') : '';
  let test = request(t.app)[route.method](`${t.mount}${route.path(messageId)}`);
  if (userId) test = test.set('x-test-user', userId);
  if (route.method !== 'get') test = test.set('Sec-Fetch-Site', options.crossSite ? 'cross-site' : 'same-origin');
  if (route.method === 'get') return test;
  const body = route.send?.(csrf);
  return typeof body === 'string' ? test.type('form').send(body) : test.send(body ?? {});
}

function expectRefusal(res: { status: number; body: any; headers: Record<string, string> }, route: Route, status: number, code: string) {
  expect(res.status, route.name).toBe(status);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  if (route.kind === 'json') expect(res.body.error.code, route.name).toBe(code);
  else expect(res.headers['content-type'], route.name).toMatch(/text\/html/);
}

const each = (routes: Route[]) => routes.map((r) => [r.name, r] as const);

describe('authorization matrix of editing and deleting messages', () => {
  it.each(each(ROUTES))('%s: the sender is served, with nosniff and no-store', async (_name, route) => {
    const res = await call(route, '1');
    expect(res.status, res.text).toBe(route.ok);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(each(ROUTES))("%s: another participant gets 404 (someone else's message) and nothing is written", async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, '2'), route, 404, 'not_found');
    expect(await snapshot()).toBe(before);
  });

  it.each(each(ROUTES))('%s: a member not in the thread gets 404 and nothing is written', async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, '3'), route, 404, 'not_found');
    expect(await snapshot()).toBe(before);
  });

  it.each(each(ROUTES))('%s: a visitor gets 401 and nothing is written', async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, null), route, 401, 'unauthenticated');
    expect(await snapshot()).toBe(before);
  });

  it.each(each(ROUTES.filter((r) => r.method !== 'get')))('%s: a cross-site request gets 403 csrf_rejected and nothing is written', async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, '1', { crossSite: true }), route, 403, 'csrf_rejected');
    expect(await snapshot()).toBe(before);
  });

  it.each(each(ROUTES))('%s: with messaging off, 404 messaging_disabled and nothing is written', async (_name, route) => {
    await t.messaging.toggle.setEnabled(false, null);
    try {
      const before = await snapshot();
      expectRefusal(await call(route, '1'), route, 404, 'messaging_disabled');
      expect(await snapshot()).toBe(before);
    } finally {
      await t.messaging.toggle.setEnabled(true, null);
    }
  });
});
