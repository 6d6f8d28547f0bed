import { afterEach, describe, expect, it } from 'vitest';
import { directKeyOf } from '../../src/services/conversations/direct-pair.js';
import { renderMessageButton } from '../../src/views/partials/message-button.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

/** Conversations about something: a direct thread per pair AND context; the host resolves contexts to a title and a link. */
let t: TestMessaging | undefined;
let h: HttpTestApp | undefined;
afterEach(async () => {
  await t?.cleanup();
  await h?.cleanup();
  t = undefined;
  h = undefined;
});

const listing = (id: string) => ({ type: 'listing', id });

describe('direct threads per pair and context', () => {
  it('gives the same pair one thread per context, and keeps the thread without a context as it was', async () => {
    t = await createTestMessaging();
    const c = t.messaging.conversations;
    const plain = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi' });
    const a = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'about 7', context: listing('7') });
    const b = await c.startConversation({ senderId: '2', recipientIds: ['1'], body: 'about 8', context: listing('8') });
    const a2 = await c.startConversation({ senderId: '2', recipientIds: ['1'], body: 'again about 7', context: listing('7') });
    const plain2 = await c.startConversation({ senderId: '2', recipientIds: ['1'], body: 'plain again' });
    expect(new Set([plain.thread.id, a.thread.id, b.thread.id]).size).toBe(3);
    expect([a.created, b.created, a2.created, plain2.created]).toEqual([true, true, false, false]);
    expect(a2.thread.id).toBe(a.thread.id);
    expect(plain2.thread.id).toBe(plain.thread.id);
    expect(plain.thread.context).toBeUndefined();
    expect(a.thread.context).toEqual({ type: 'listing', id: '7', title: null, url: null });
    // The key of a pair without a context is unchanged (migration 0002's form).
    expect(directKeyOf('1', '2')).toBe('["1","2"]');
  });

  it('keeps keys apart whatever characters ids and context values hold', async () => {
    t = await createTestMessaging();
    const hostile = [
      { type: 'listing', id: 'a:b' },
      { type: 'listing:a', id: 'b' },
      { type: 'listing', id: 'a","b' },
      { type: 'listing"', id: ',"a' },
      { type: 'объявление', id: '🏠 ١٢' },
      { type: 'listing', id: '["1","2"]' },
    ];
    const keys = new Set(hostile.map((ctx) => directKeyOf('1', '2', ctx)));
    keys.add(directKeyOf('1', '2'));
    keys.add(directKeyOf('1', '2","listing'));
    expect(keys.size).toBe(hostile.length + 2);
    const ids = new Set<string>();
    for (const context of hostile) {
      const r = await t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context });
      expect(r.created).toBe(true);
      expect(r.thread.context).toMatchObject(context);
      ids.add(r.thread.id);
    }
    expect(ids.size).toBe(hostile.length);
  });

  it('refuses a new context the recipient does not accept ("who may message me"), though they share a plain thread', async () => {
    t = await createTestMessaging();
    await t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi' });
    await t.messaging.preferences.set('2', { whoCanMessage: 'nobody' });
    await expect(t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context: listing('1') })).rejects.toMatchObject({
      code: 'recipient_unavailable',
    });
    // The existing plain thread goes on.
    await expect(t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'still here' })).resolves.toMatchObject({ created: false });
  });

  it("asks the host's canStartConversation with the context of a new conversation about something", async () => {
    const calls: unknown[][] = [];
    t = await createTestMessaging({
      canStartConversation: (...args: unknown[]) => {
        calls.push(args);
        return (args[2] as { context?: { id: string } } | undefined)?.context?.id !== 'vetoed';
      },
    });
    await t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context: listing('7') });
    expect(calls).toEqual([['1', ['2'], { context: { type: 'listing', id: '7' } }]]);
    await expect(t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context: listing('vetoed') })).rejects.toMatchObject({
      code: 'recipient_unavailable',
    });
  });

  it('stops every thread of a pair when one blocks the other, whatever the context', async () => {
    t = await createTestMessaging();
    const a = await t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context: listing('1') });
    await t.messaging.blocks.block('2', '1');
    await expect(t.messaging.conversations.sendMessage({ senderId: '1', threadId: a.thread.id, body: 'y' })).rejects.toMatchObject({ code: 'blocked' });
    await expect(t.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x', context: listing('2') })).rejects.toMatchObject({ code: 'blocked' });
  });
});

describe('contexts over HTTP', () => {
  const contexts = {
    resolve: async (list: Array<{ type: string; id: string }>) =>
      list.map((c) => (c.id === 'unknown' ? null : { title: `<b>Bike</b> ${c.id}`, url: c.id === 'evil' ? 'javascript:alert(1)' : `/listings/${encodeURIComponent(c.id)}` })),
  };

  it('accepts a context on POST /api/threads and answers it resolved; same context, same thread', async () => {
    h = await createHttpTestApp({ overrides: { contexts } });
    const first = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'Is it sold?', context: listing('42') });
    expect(first.status).toBe(201);
    expect(first.body.thread.context).toEqual({ type: 'listing', id: '42', title: '<b>Bike</b> 42', url: '/listings/42' });
    const again = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'Hello?', context: listing('42') });
    expect(again.status).toBe(200);
    expect(again.body.thread.id).toBe(first.body.thread.id);
    const other = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'And this one?', context: listing('43') });
    expect(other.status).toBe(201);
    expect(other.body.thread.id).not.toBe(first.body.thread.id);
  });

  it.each([
    ['a NUL in the id', { type: 'listing', id: 'a\u0000b' }],
    ['a newline in the type', { type: 'list\ning', id: '1' }],
    ['an id too long', { type: 'listing', id: 'x'.repeat(201) }],
    ['a type too long', { type: 'x'.repeat(65), id: '1' }],
    ['an empty id', { type: 'listing', id: '' }],
    ['a number id', { type: 'listing', id: 1 }],
    ['an extra field', { type: 'listing', id: '1', title: 'x' }],
    ['a string', 'listing:1'],
  ])('refuses %s with 400 and stores nothing', async (_name, context) => {
    h ??= await createHttpTestApp();
    const before = await h.counts();
    const res = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x', context });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details[0].field).toMatch(/^context/);
    expect(await h.counts()).toEqual(before);
  });

  it('shows the resolved title escaped in the thread header (linked only when safe) and the inbox, resolving once per page', async () => {
    let calls = 0;
    h = await createHttpTestApp({
      overrides: {
        contexts: {
          resolve: async (list, viewerId) => {
            calls++;
            expect(viewerId).toBe('1');
            return contexts.resolve(list);
          },
        },
      },
    });
    const safe = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x', context: listing('42') });
    const evil = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x', context: listing('evil') });
    await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['3'], body: 'x', context: listing('42') });
    const page = await h.as('1').get(`/threads/${safe.body.thread.id}`);
    expect(page.text).toContain('About <a href="/listings/42"><bdi>&lt;b&gt;Bike&lt;/b&gt; 42</bdi></a>');
    expect(page.text).not.toContain('<b>Bike</b>');
    const evilPage = await h.as('1').get(`/threads/${evil.body.thread.id}`);
    expect(evilPage.text).toContain('About <bdi>&lt;b&gt;Bike&lt;/b&gt; evil</bdi>');
    expect(evilPage.text).not.toContain('javascript:');
    calls = 0;
    const inbox = await h.as('1').get('/');
    expect(calls).toBe(1);
    expect(inbox.text).toContain('About <bdi>&lt;b&gt;Bike&lt;/b&gt; 42</bdi>');
    expect(inbox.text).not.toContain('<b>Bike</b>');
  });

  it('carries a context from the Message button through the compose page to the new thread, without JavaScript', async () => {
    h = await createHttpTestApp({ overrides: { contexts } });
    const button = renderMessageButton({ profileUserId: '2', viewerId: '1', inboxUrl: '/messages', context: { type: 'listing', id: 'a:b&c' } });
    const href = /href="([^"]+)"/.exec(button)![1]!.replaceAll('&amp;', '&');
    expect(href).toBe('/messages/new?to=2&contextType=listing&contextId=a%3Ab%26c');
    const compose = await h.as('1').get(href.replace('/messages', ''));
    expect(compose.status).toBe(200);
    expect(compose.text).toContain('<input type="hidden" name="contextId" value="a:b&amp;c">');
    expect(compose.text).toContain('About <a href="/listings/a%3Ab%26c"><bdi>&lt;b&gt;Bike&lt;/b&gt; a:b&amp;c</bdi></a>');
    const csrf = (await h.as('1').get('/api/csrf')).body.token;
    const sent = await h.as('1').post('/').type('form').send({ to: '2', body: 'Still for sale?', contextType: 'listing', contextId: 'a:b&c', _csrf: csrf });
    expect(sent.status).toBe(303);
    const threadId = sent.headers.location!.split('/threads/')[1]!;
    const thread = await h.as('1').get(`/api/threads/${threadId}`);
    expect(thread.body.thread.context).toMatchObject({ type: 'listing', id: 'a:b&c' });
    const bad = await h
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '2', body: 'x', contextType: 'listing', contextId: 'x'.repeat(201), _csrf: csrf });
    expect(bad.status).toBe(400);
    expect(() => renderMessageButton({ profileUserId: '2', viewerId: '1', context: { type: 'listing', id: '' } })).toThrow(TypeError);
  });

  it('refuses a contexts option without resolve at the factory, naming the option', async () => {
    await expect(createTestMessaging({ contexts: {} as never })).rejects.toThrow(/option "contexts\.resolve"/);
  });

  it('leaves the JSON of a thread without a context unchanged (no context field)', async () => {
    h = await createHttpTestApp({ overrides: { contexts } });
    const res = await h
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x' });
    expect('context' in res.body.thread).toBe(false);
  });
});
