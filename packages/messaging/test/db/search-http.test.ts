import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

let t: HttpTestApp;
let threadId: string;
let hostile: string;
let older: string;

beforeAll(async () => {
  t = await createHttpTestApp();
  ({ threadId, messageId: older } = await startThread(t, '1', ['2'], 'An invoice from last week'));
  const res = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: '<script>alert(1)</script> invoice <b>due</b> & "paid"' });
  hostile = res.body.message.id;
  await startThread(t, '3', ['4'], 'Carol and Dave talk about the invoice');
});
afterAll(async () => {
  await t?.cleanup();
});

describe(`GET /api/search on ${TEST_DIALECT}`, () => {
  it("answers the viewer's matches, newest first, with the thread, the sender and an escaped excerpt marked with <mark>", async () => {
    const res = await t.as('1').get('/api/search?q=invoice');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.results.map((r: any) => r.message.id)).toEqual([hostile, older]);
    const [first] = res.body.results;
    expect(first).toMatchObject({ threadId, message: { id: hostile, threadId, senderId: '2' }, sender: { id: '2', displayName: 'Bob' }, thread: { id: threadId, subject: null } });
    expect(first.excerptHtml).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>invoice</mark> &lt;b&gt;due&lt;/b&gt; &amp; &quot;paid&quot;');
    expect((await t.as('5').get('/api/search?q=invoice')).body).toEqual({ results: [], nextCursor: null });
  });

  it('pages with limit and cursor', async () => {
    const first = await t.as('1').get('/api/search?q=invoice&limit=1');
    expect(first.body.results.map((r: any) => r.message.id)).toEqual([hostile]);
    const second = await t.as('1').get(`/api/search?q=invoice&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.results.map((r: any) => r.message.id)).toEqual([older]);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['', 'q'],
    ['?q=', 'q'],
    ['?q=%20%20', 'q'],
    ['?q=%22*%22', 'q'],
    [`?q=${'a'.repeat(201)}`, 'q'],
    ['?q=a%00b', 'q'],
    ['?q=a&q=b', 'q'],
    ['?q=a&limit=0', 'limit'],
    ['?q=a&limit=101', 'limit'],
    ['?q=a&cursor=abc', 'cursor'],
  ])('refuses %s with 400 invalid_request naming %s', async (query, field) => {
    const res = await t.as('1').get(`/api/search${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
  });

  it('reads query syntax as words (quotes, stars, braces, carets, colons, backslashes)', async () => {
    for (const q of ['"invoice', 'invoice*', '{invoice}', '^invoice', 'due:invoice', 'invoice\\', "invoice'", 'invoice:*', '(invoice)']) {
      const res = await t.as('1').get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.results.length, q).toBeGreaterThan(0);
    }
  });
});

describe(`the search page on ${TEST_DIALECT}`, () => {
  it('is a GET form on the inbox', async () => {
    const res = await t.as('1').get('/');
    expect(res.text).toMatch(/<form class="m-search" method="get" action="\/messages\/search" role="search">/);
    expect(res.text).toMatch(/<input type="search" id="messaging-search-q" name="q"/);
  });

  it('shows the results: thread, sender, time and the escaped excerpt with the match marked, linking to the message', async () => {
    const res = await t.as('1').get('/search?q=INVOICE');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('value="INVOICE"');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <mark>invoice</mark> &lt;b&gt;due&lt;/b&gt;');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain(`href="/messages/threads/${threadId}?before=${BigInt(hostile) + 1n}#m-${hostile}"`);
    expect(res.text).toMatch(/<bdi>Bob<\/bdi>: /);
    expect(res.text).toMatch(/<time datetime="[^"]+">/);
    expect(res.text).not.toContain('Carol and Dave');
    // The link opens the thread page that holds the message.
    const thread = await t.as('1').get(`/threads/${threadId}?before=${BigInt(hostile) + 1n}`);
    expect(thread.text).toContain(`id="m-${hostile}"`);
  });

  it('pages with an "Older results" link', async () => {
    const res = await t.as('1').get('/search?q=invoice');
    expect(res.text).not.toContain('Older results');
    const none = await t.as('1').get('/search?q=nothinglikethis');
    expect(none.text).toContain('No messages found.');
  });

  it('shows the form alone without q, and the error next to the field for a refused q, keeping what was typed', async () => {
    const blank = await t.as('1').get('/search');
    expect(blank.status).toBe(200);
    expect(blank.text).toContain('name="q"');
    expect(blank.text).not.toContain('No messages found.');
    const refused = await t.as('1').get('/search?q=%22*%22');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="&quot;*&quot;"');
    expect(refused.text).toMatch(/id="messaging-search-error">Type a word to search for\./);
    const long = await t.as('1').get(`/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.text).toContain('must be at most 200 characters');
  });
});
