import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingUser } from '../../src/options.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

let t: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A host search over the test users by name, recording what it was asked. */
function searchingUsers(calls: Array<{ query: string; viewerId: string; limit: number }> = []) {
  return {
    getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))),
    search: async (query: string, viewerId: string, limit: number) => {
      calls.push({ query, viewerId, limit });
      return TEST_USERS.filter((u) => u.displayName.toLowerCase().includes(query.toLowerCase())).slice(0, limit);
    },
  };
}

describe('recipient picker: starting a conversation asks for people, not ids', () => {
  it('without users.search the compose page never asks for an id and points to profiles', async () => {
    t = await createHttpTestApp();
    const page = await t.as('1').get('/new');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/member id/i);
    expect(page.text).not.toContain('name="to"');
    expect(page.text).toContain('open a member’s profile and choose <strong>Message</strong>');
    // From a profile's Message button the form is there, the recipient named.
    const fromProfile = await t.as('1').get('/new?to=2');
    expect(fromProfile.text).toContain('<bdi>Bob</bdi>');
    expect(fromProfile.text).toContain('<input type="hidden" name="to" value="2">');
    // And the API says there is nobody to search.
    const api = await t.as('1').get('/api/users?q=bo');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
  });

  it('with users.search a member finds people by name, chooses one and writes to them (no JavaScript)', async () => {
    const calls: Array<{ query: string; viewerId: string; limit: number }> = [];
    t = await createHttpTestApp({ overrides: { users: searchingUsers(calls) } });
    const empty = await t.as('1').get('/new');
    expect(empty.text).toContain('Who do you want to write to?');
    expect(empty.text).toContain('name="q"');
    expect(empty.text).not.toContain('method="post"');

    const found = await t.as('1').get('/new?q=%20car%20');
    expect(calls.at(-1)).toEqual({ query: 'car', viewerId: '1', limit: 10 });
    expect(found.text).toContain('<a href="/messages/new?to=3">Write to <bdi>Carol</bdi></a>');

    const chosen = await t.as('1').get('/new?to=3');
    const sent = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '3', body: 'Hi Carol', _csrf: csrfOf(chosen.text) });
    expect(sent.status).toBe(303);
    expect((await t.counts()).messages).toBe(1);

    // Adding a second member keeps the first chosen one (a group).
    const more = await t.as('1').get('/new?to=3&q=da');
    expect(more.text).toContain('Add someone else');
    expect(more.text).toContain('<input type="hidden" name="to" value="3">');
    expect(more.text).toContain('<a href="/messages/new?to=3&amp;to=4">Add <bdi>Dave</bdi></a>');
  });

  it('says when nobody matches, refuses an empty or too long search without asking the host', async () => {
    const calls: Array<{ query: string; viewerId: string; limit: number }> = [];
    t = await createHttpTestApp({ overrides: { users: searchingUsers(calls) } });
    const none = await t.as('1').get('/new?q=zzz');
    expect(none.text).toContain('No member matches “<bdi>zzz</bdi>”.');
    const blank = await t.as('1').get('/new?q=%20%20');
    expect(blank.text).toContain('Type a name to search for.');
    const long = await t.as('1').get(`/new?q=${'x'.repeat(101)}`);
    expect(long.text).toContain('Type at most 100 characters.');
    expect(calls.map((c) => c.query)).toEqual(['zzz']);
    const api = await t.as('1').get(`/api/users?q=${'x'.repeat(101)}`);
    expect(api.status).toBe(400);
    expect(api.body.error.details[0]).toMatchObject({ in: 'query', field: 'q' });
    expect((await t.as('1').get('/api/users')).status).toBe(400);
    expect((await t.as('1').get('/api/users?q=a&limit=21')).status).toBe(400);
  });

  it('GET /api/users: signed in only, never the viewer, no repeats, no unsafe links, at most the limit, whatever the host returns', async () => {
    const messy: MessagingUser[] = [
      { id: 1, displayName: 'Alice (me)' },
      { id: 2, displayName: 'Bob', avatarUrl: 'javascript:alert(1)', profileUrl: '//evil.example' },
      { id: '2', displayName: 'Bob again' },
      { id: 'a:b', displayName: 'Colon id' },
      { id: 'bad\u0007id', displayName: 'Control' },
      { id: { toString: () => '9' } as unknown as string, displayName: 'Object id' },
      { id: 4, displayName: '<img src=x onerror=alert(1)>' },
    ];
    t = await createHttpTestApp({ overrides: { users: { getUsers: searchingUsers().getUsers, search: () => messy } } });
    expect((await t.as(null).get('/api/users?q=b')).status).toBe(401);
    const res = await t.as('1').get('/api/users?q=b');
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([
      { id: '2', displayName: 'Bob', profileUrl: null, avatarUrl: null },
      { id: 'a:b', displayName: 'Colon id', profileUrl: null, avatarUrl: null },
      { id: '4', displayName: '<img src=x onerror=alert(1)>', profileUrl: null, avatarUrl: null },
    ]);
    const two = await t.as('1').get('/api/users?q=b&limit=2');
    expect(two.body.users.map((u: { id: string }) => u.id)).toEqual(['2', 'a:b']);
    const page = await t.as('1').get('/new?q=b');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).toContain('href="/messages/new?to=a%3Ab"');
    expect(page.text).not.toContain('javascript:');
  });

  it('a host search that returns something other than a list finds nobody, and the page still works', async () => {
    t = await createHttpTestApp({ overrides: { users: { getUsers: searchingUsers().getUsers, search: () => ({ users: [] }) as unknown as MessagingUser[] } } });
    const res = await t.as('1').get('/api/users?q=b');
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([]);
    expect((await t.as('1').get('/new?q=b')).status).toBe(200);
  });

  it('is behind the switch like every route', async () => {
    t = await createHttpTestApp({ enabled: false, overrides: { users: searchingUsers() } });
    const res = await t.as('1').get('/api/users?q=b');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('messaging_disabled');
  });
});
