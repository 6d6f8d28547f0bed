import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

/**
 * The authorization matrix of the member-safety routes (the conversations matrix is
 * http-authorization.test.ts): each called as a participant, as a member not in the thread,
 * as a visitor, cross-site, and with messaging off. Refusals answer as the contract says and
 * change no row.
 */
interface Route {
  name: string;
  kind: 'json' | 'html';
  method: 'get' | 'post' | 'put' | 'delete';
  path: (ids: Ids) => string;
  /** About one thread or message: a member who is not in it must get 404. */
  scoped: boolean;
  send?: (csrf: string) => object | string;
  ok: number;
}
interface Ids {
  threadId: string;
  groupId: string;
  messageId: string;
}

const ROUTES: Route[] = [
  { name: 'archive (api)', kind: 'json', method: 'post', path: (i) => `/api/threads/${i.threadId}/archive`, scoped: true, ok: 200 },
  { name: 'unarchive (api)', kind: 'json', method: 'post', path: (i) => `/api/threads/${i.threadId}/unarchive`, scoped: true, ok: 200 },
  { name: 'mute (api)', kind: 'json', method: 'post', path: (i) => `/api/threads/${i.threadId}/mute`, scoped: true, ok: 200 },
  { name: 'unmute (api)', kind: 'json', method: 'post', path: (i) => `/api/threads/${i.threadId}/unmute`, scoped: true, ok: 200 },
  { name: 'leave group (api)', kind: 'json', method: 'post', path: (i) => `/api/threads/${i.groupId}/leave`, scoped: true, ok: 200 },
  { name: 'archived list (api)', kind: 'json', method: 'get', path: () => '/api/threads?archived=true', scoped: false, ok: 200 },
  { name: 'list blocks (api)', kind: 'json', method: 'get', path: () => '/api/blocks', scoped: false, ok: 200 },
  { name: 'block (api)', kind: 'json', method: 'post', path: () => '/api/blocks', scoped: false, send: () => ({ userId: '4' }), ok: 201 },
  { name: 'unblock (api)', kind: 'json', method: 'delete', path: () => '/api/blocks/4', scoped: false, ok: 200 },
  { name: 'get preferences (api)', kind: 'json', method: 'get', path: () => '/api/preferences', scoped: false, ok: 200 },
  { name: 'set preferences (api)', kind: 'json', method: 'put', path: () => '/api/preferences', scoped: false, send: () => ({ whoCanMessage: 'contacts' }), ok: 200 },
  { name: 'report (api)', kind: 'json', method: 'post', path: (i) => `/api/messages/${i.messageId}/report`, scoped: true, send: () => ({ reason: 'spam' }), ok: 201 },
  { name: 'archived page', kind: 'html', method: 'get', path: () => '/archived', scoped: false, ok: 200 },
  { name: 'archive form', kind: 'html', method: 'post', path: (i) => `/threads/${i.threadId}/archive`, scoped: true, send: (c) => `_csrf=${c}`, ok: 303 },
  { name: 'mute form', kind: 'html', method: 'post', path: (i) => `/threads/${i.threadId}/mute`, scoped: true, send: (c) => `_csrf=${c}`, ok: 303 },
  { name: 'leave form', kind: 'html', method: 'post', path: (i) => `/threads/${i.groupId}/leave`, scoped: true, send: (c) => `_csrf=${c}`, ok: 303 },
  { name: 'settings page', kind: 'html', method: 'get', path: () => '/preferences', scoped: false, ok: 200 },
  { name: 'settings form', kind: 'html', method: 'post', path: () => '/preferences', scoped: false, send: (c) => `whoCanMessage=nobody&_csrf=${c}`, ok: 303 },
  { name: 'block page', kind: 'html', method: 'get', path: () => '/blocks/new?userId=4', scoped: false, ok: 200 },
  { name: 'block form', kind: 'html', method: 'post', path: () => '/blocks', scoped: false, send: (c) => `userId=4&_csrf=${c}`, ok: 303 },
  { name: 'unblock form', kind: 'html', method: 'post', path: () => '/blocks/4/delete', scoped: false, send: (c) => `_csrf=${c}`, ok: 303 },
  { name: 'report page', kind: 'html', method: 'get', path: (i) => `/messages/${i.messageId}/report`, scoped: true, ok: 200 },
  { name: 'report form', kind: 'html', method: 'post', path: (i) => `/messages/${i.messageId}/report`, scoped: true, send: (c) => `reason=spam&_csrf=${c}`, ok: 303 },
];

let t: HttpTestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createHttpTestApp();
});
afterAll(async () => {
  await t?.cleanup();
});
beforeEach(async () => {
  // Fresh rows for every case, so that a leave or a report never depends on an earlier one.
  const { db } = t.messaging.database;
  for (const table of ['messaging_reports', 'messaging_blocks', 'messaging_member_preferences', 'messaging_messages', 'messaging_participants', 'messaging_threads'] as const) {
    await db.deleteFrom(table).execute();
  }
  const direct = await startThread(t, '2', ['1'], 'from Bob');
  const group = await startThread(t, '2', ['1', '4'], 'group');
  ids = { threadId: direct.threadId, groupId: group.threadId, messageId: direct.messageId };
});

async function snapshot(): Promise<string> {
  const { db } = t.messaging.database;
  const tables = ['messaging_threads', 'messaging_participants', 'messaging_messages', 'messaging_blocks', 'messaging_member_preferences', 'messaging_reports'] as const;
  const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

async function call(route: Route, userId: string | null, options: { crossSite?: boolean } = {}) {
  const csrf = userId ? ((await t.as(userId).get('/api/csrf')).body.token ?? '') : '';
  const path = `${t.mount}${route.path(ids)}`;
  let test = request(t.app)[route.method](path);
  if (userId) test = test.set('x-test-user', userId);
  if (route.method !== 'get') test = test.set('Sec-Fetch-Site', options.crossSite ? 'cross-site' : 'same-origin');
  const body = route.send?.(csrf);
  if (route.method === 'get') return test;
  return typeof body === 'string' ? test.type('form').send(body) : test.send(body ?? {});
}

function expectRefusal(res: { status: number; body: any; text: string; headers: Record<string, string> }, route: Route, status: number, code: string) {
  expect(res.status, route.name).toBe(status);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  if (route.kind === 'json') expect(res.body.error.code, route.name).toBe(code);
  else expect(res.headers['content-type'], route.name).toMatch(/text\/html/);
}

describe('authorization matrix of the member-safety routes', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a member is served, with nosniff and no-store', async (_name, route) => {
    const res = await call(route, '1');
    expect(res.status, res.text).toBe(route.ok);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(ROUTES.filter((r) => r.scoped).map((r) => [r.name, r] as const))('%s: a member not in the thread gets 404 and nothing is written', async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, '3'), route, 404, 'not_found');
    expect(await snapshot()).toBe(before);
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a visitor gets 401 and nothing is written', async (_name, route) => {
    const before = await snapshot();
    expectRefusal(await call(route, null), route, 401, 'unauthenticated');
    expect(await snapshot()).toBe(before);
  });

  it.each(ROUTES.filter((r) => r.method !== 'get').map((r) => [r.name, r] as const))(
    '%s: a cross-site request gets 403 csrf_rejected and nothing is written',
    async (_name, route) => {
      const before = await snapshot();
      expectRefusal(await call(route, '1', { crossSite: true }), route, 403, 'csrf_rejected');
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: with messaging off, 404 messaging_disabled and nothing is written', async (_name, route) => {
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
