import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/** The hidden `_csrf` value of the first form on a page. */
function csrfOf(html: string): string {
  const match = /<input type="hidden" name="_csrf" value="([^"]*)">/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1]!;
}

describe('HTML pages', () => {
  it('inbox lists threads latest first with names, previews and unread marked in text', async () => {
    t = await createHttpTestApp();
    await startThread(t, '2', ['1'], 'From Bob');
    await startThread(t, '3', ['1'], 'From Carol');
    const res = await t.as('1').get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).toContain('<html lang="en" dir="ltr">');
    expect(res.text).toMatch(/<main[^>]*>/);
    expect(res.text).not.toMatch(/<script>|<style|style="/);
    expect(res.text.indexOf('From Carol')).toBeGreaterThan(-1);
    expect(res.text.indexOf('From Carol')).toBeLessThan(res.text.indexOf('From Bob'));
    expect(res.text).toContain('Carol');
    expect(res.text).toContain('1 unread');
    expect(res.text).toMatch(/href="\/messages\/assets\/messaging\.css\?v=[\w-]+"/);
  });

  it('inbox links to older conversations with ?cursor=', async () => {
    t = await createHttpTestApp();
    for (let i = 0; i < 21; i++)
      await t
        .as('1')
        .post('/api/threads')
        .send({ recipientIds: ['2', '3'], subject: `Group ${i}`, body: `hello ${i}` });
    const first = await t.as('1').get('/');
    const older = /href="(\/messages\/\?cursor=[^"]+)"/.exec(first.text);
    expect(older).not.toBeNull();
    const second = await t.as('1').get(older![1]!.replace('/messages', '').replace(/&amp;/g, '&'));
    expect(second.status).toBe(200);
    expect(second.text).toContain('Group 0');
    expect(first.text).not.toContain('Group 0<');
  });

  it('compose page fills in the recipient by name, with hidden to and _csrf fields', async () => {
    t = await createHttpTestApp();
    const res = await t.as('1').get('/new?to=2');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bob');
    expect(res.text).toContain('<input type="hidden" name="to" value="2">');
    expect(csrfOf(res.text)).not.toBe('');
    expect(res.text).toMatch(/<label for="messaging-body">/);
    const group = await t.as('1').get('/new?to=2&to=3');
    expect(group.text).toContain('name="to" value="3"');
  });

  it('starting a conversation from the form redirects (303) to the thread, which shows the message', async () => {
    t = await createHttpTestApp();
    const compose = await t.as('1').get('/new?to=2');
    const res = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '2', subject: 'Hi', body: 'Hello Bob', _csrf: csrfOf(compose.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/messages\/threads\/[A-Za-z0-9_-]+$/);
    const page = await t.as('1').get(res.headers.location!.replace('/messages', ''));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hello Bob');
  });

  it('a thread page shows messages oldest to newest with m-<id> ids, names, times, a reply form; viewing marks read', async () => {
    t = await createHttpTestApp();
    const { threadId, messageId } = await startThread(t, '2', ['1'], 'first');
    const second = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'second' });
    const res = await t.as('1').get(`/threads/${threadId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`id="m-${messageId}"`);
    expect(res.text).toContain(`id="m-${second.body.message.id}"`);
    expect(res.text.indexOf('first')).toBeLessThan(res.text.indexOf('second'));
    expect(res.text).toContain('<a href="/users/bob"><bdi>Bob</bdi></a>');
    expect(res.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">/);
    expect(res.text).toContain(`action="/messages/threads/${threadId}"`);
    expect(csrfOf(res.text)).not.toBe('');
    expect(res.text).toMatch(
      /<script src="\/messages\/assets\/messaging-words\.js\?l=en&amp;tz=UTC&amp;v=[\w-]+" defer><\/script>\n?<script src="\/messages\/assets\/messaging\.js\?v=[\w-]+" defer><\/script>/,
    );
    expect((await t.as('1').get('/api/unread')).body.unreadTotal).toBe(0);
  });

  it('a thread page links to older messages with ?before=', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '2', ['1'], 'message 0');
    for (let i = 1; i <= 20; i++)
      await t
        .as('2')
        .post(`/api/threads/${threadId}/messages`)
        .send({ body: `message ${i}` });
    const res = await t.as('1').get(`/threads/${threadId}`);
    expect(res.text).not.toContain('message 0<');
    const older = new RegExp(`href="/messages/threads/${threadId}\\?before=([^"]+)"`).exec(res.text);
    expect(older).not.toBeNull();
    const page = await t.as('1').get(`/threads/${threadId}?before=${older![1]}`);
    expect(page.text).toContain('message 0<');
  });

  it('a reply redirects (303) to the new message anchor', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '2', ['1']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    const res = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: 'Thanks!', _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/messages/threads/${threadId}#m-\\d+$`));
  });

  it('escapes what members type, everywhere', async () => {
    t = await createHttpTestApp();
    const evil = '<script>alert("x")</script> & "quotes"';
    const { threadId } = await startThread(t, '2', ['1'], evil);
    const thread = await t.as('1').get(`/threads/${threadId}`);
    const inbox = await t.as('1').get('/');
    for (const text of [thread.text, inbox.text]) {
      expect(text).not.toContain('<script>alert');
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    }
  });

  it('a failing form is shown again with the error next to the field and the typed text kept', async () => {
    t = await createHttpTestApp({ overrides: { limits: { maxMessageLength: 50 } } });
    const { threadId } = await startThread(t, '2', ['1']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    const long = 'Too long <b>bold</b> '.repeat(5);
    const res = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: long, _csrf: csrfOf(page.text) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('aria-describedby="messaging-body-error"');
    expect(res.text).toMatch(/<p class="m-error" id="messaging-body-error">[^<]+<\/p>/);
    expect(res.text).toContain(long.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(csrfOf(res.text)).not.toBe('');

    const empty = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: '   ', _csrf: csrfOf(page.text) });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<p class="m-error" id="messaging-body-error">Write a message first.</p>');

    const compose = await t.as('1').get('/new?to=2');
    const badTo = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '999', subject: 'Kept subject', body: 'Kept body', _csrf: csrfOf(compose.text) });
    expect(badTo.status).toBe(400);
    expect(badTo.text).toContain('<p class="m-error" id="messaging-to-error">Choose at least one other member who exists.</p>');
    // No id field to correct: the member starts again from a profile (or the picker, when the host has one).
    expect(badTo.text).not.toContain('name="to"');
    expect(badTo.text).toContain('value="Kept subject"');
    expect(badTo.text).toContain('>Kept body</textarea>');
    expect((await t.counts()).messages).toBe(1);
  });

  it('a message of the longest length in any script fits the form, and a longer one comes back in the form, not as an error page', async () => {
    t = await createHttpTestApp();
    const { threadId } = await startThread(t, '2', ['1']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    // 10,000 characters of three UTF-8 bytes each: 90 KB form-encoded, over the JSON body limit.
    const longest = '語'.repeat(10_000);
    const sent = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: longest, _csrf: csrfOf(page.text) });
    expect(sent.status).toBe(303);
    const over = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: `${longest}!`, _csrf: csrfOf(page.text) });
    expect(over.status).toBe(413);
    expect(over.text).toContain('<p class="m-error" id="messaging-body-error">This is too long: at most 10,000 characters.</p>');
    expect(over.text).toContain(`${longest}!</textarea>`);
    expect((await t.counts()).messages).toBe(2);
  });

  it('a blocked sender sees the compose form again with 403 and the error next to the recipient', async () => {
    t = await createHttpTestApp();
    await t.messaging.blocks.block('2', '1');
    const compose = await t.as('1').get('/new?to=2');
    const res = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '2', body: 'Please answer', _csrf: csrfOf(compose.text) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('id="messaging-to-error"');
    expect(res.text).toContain('>Please answer</textarea>');
    const api = await t
      .as('1')
      .post('/api/threads')
      .send({ recipientIds: ['2'], body: 'x' });
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('blocked');
    expect((await t.counts()).messages).toBe(0);
  });

  it('a reply over the rate limit is shown again with 429, Retry-After and the text kept', async () => {
    t = await createHttpTestApp({ overrides: { rateLimits: { messagesPerMinute: 1, newThreadsPerHour: 5 } } });
    const { threadId } = await startThread(t, '2', ['1']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    const ok = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: 'first', _csrf: csrfOf(page.text) });
    expect(ok.status).toBe(303);
    const res = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: 'second, too fast', _csrf: csrfOf(page.text) });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('>second, too fast</textarea>');
    expect((await t.counts()).messages).toBe(2);
  });

  it('an HTML route answers errors with a readable page and the same status', async () => {
    t = await createHttpTestApp({ overrides: { limits: { maxBodyBytes: 1_000, maxMessageLength: 100 } } });
    const { threadId } = await startThread(t, '2', ['1']);
    const page = await t.as('1').get(`/threads/${threadId}`);
    // Past what the form parser takes (twice the longest message, form-encoded): no form to show again.
    const huge = await t
      .as('1')
      .post(`/threads/${threadId}`)
      .type('form')
      .send({ body: 'x'.repeat(20_000), _csrf: csrfOf(page.text) });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^text\/html/);
    expect(huge.text).toContain('<h1');
    expect((await t.counts()).messages).toBe(1);
    const res = await t.as('1').get('/threads/unknown-thread');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1');
    expect(res.text).not.toContain('"error"');
  });

  it('wraps pages in the host layout when one is given', async () => {
    t = await createHttpTestApp({ overrides: { layout: ({ title, body }) => `<!doctype html><title>${title} - Host</title><main class="host">${body}</main>` } });
    const res = await t.as('1').get('/');
    expect(res.text).toContain('<title>Messages - Host</title><main class="host"><link rel="stylesheet" href="/messages/assets/messaging.css?v=');
  });
});
