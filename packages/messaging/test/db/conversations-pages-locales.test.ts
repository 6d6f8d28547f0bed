import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_CATALOGUES } from '../../src/catalogue/locales/index.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

/*
 * Issue 15: the inbox, compose and search pages in the member's language, through HTTP: the
 * locale from the host's `locale(req)` or from Accept-Language, the page's root saying lang and
 * dir, plurals by Intl.PluralRules (Arabic has six forms), times relative within the week.
 */

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/** The opening tag of the page's root element (the `.messaging` div inside the layout). */
function rootOf(page: string): string {
  const tag = /<div class="messaging [^"]*"[^>]*>/.exec(page);
  if (!tag) throw new Error(`no .messaging root in ${page.slice(0, 300)}`);
  return tag[0];
}

/** The hidden `_csrf` value of the first form on a page. */
function csrfOf(html: string): string {
  const match = /<input type="hidden" name="_csrf" value="([^"]*)">/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1] as string;
}

/** The inbox row (`<li>`) of a thread. */
function rowOf(page: string, threadId: string): string {
  const start = page.indexOf(`data-thread-id="${threadId}"`);
  if (start < 0) throw new Error(`no row for thread ${threadId}`);
  return page.slice(start, page.indexOf('</li>', start));
}

/** Sends `count` more messages from `from` into a thread. */
async function send(threadId: string, from: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await t
      .as(from)
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: `more ${i}` });
    expect(res.status).toBe(201);
  }
}

describe('conversation pages in German (locale option)', () => {
  it('inbox, compose and search speak German, the root says lang="de" dir="ltr", the form errors too', async () => {
    t = await createHttpTestApp({ overrides: { locale: () => 'de' } });
    const { threadId } = await startThread(t, '2', ['1'], 'Hallo');

    const inbox = await t.as('1').get('/');
    expect(inbox.status).toBe(200);
    expect(rootOf(inbox.text)).toContain('lang="de" dir="ltr"');
    expect(inbox.text).toContain('<title>Nachrichten</title>');
    expect(inbox.text).toContain('<h1>Nachrichten</h1>');
    expect(inbox.text).toContain('>Neue Nachricht</a>');
    expect(inbox.text).toContain('<label for="messaging-search-q">Deine Nachrichten durchsuchen</label>');
    expect(rowOf(inbox.text, threadId)).toContain('<span class="m-badge">1 ungelesen</span>');
    expect(inbox.text).not.toMatch(/No conversations|New message|unread</);

    const compose = await t.as('1').get('/new?to=2');
    expect(rootOf(compose.text)).toContain('lang="de" dir="ltr"');
    expect(compose.text).toContain('<title>Neue Nachricht</title>');
    expect(compose.text).toContain('<span class="m-label">An: </span><a href="/users/bob"><bdi>Bob</bdi></a>');
    expect(compose.text).toContain('<label for="messaging-subject">Betreff (optional)</label>');
    expect(compose.text).toContain('>Zurück zu deinen Nachrichten</a>');
    const empty = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '2', body: '  ', _csrf: csrfOf(compose.text) });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<p class="m-error" id="messaging-body-error">Schreib zuerst eine Nachricht.</p>');

    const search = await t.as('1').get('/search?q=hallo');
    expect(rootOf(search.text)).toContain('lang="de" dir="ltr"');
    expect(search.text).toContain('<h1>Nachrichten durchsuchen</h1>');
    expect(search.text).toContain('<bdi>Bob</bdi>: <span class="m-excerpt" dir="auto"><mark>Hallo</mark></span>');
    const refused = await t.as('1').get('/search?q=%22*%22');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="messaging-search-error">Gib ein Wort ein, nach dem gesucht werden soll.</p>');
  });
});

describe('conversation pages in Arabic (locale option)', () => {
  it('the root says lang="ar" dir="rtl"; unread counts take the Arabic plural forms one, two, few and many', async () => {
    t = await createHttpTestApp({ overrides: { locale: () => 'ar' } });
    const one = await startThread(t, '2', ['1'], 'مرحبا');
    const two = await startThread(t, '3', ['1'], 'first');
    await send(two.threadId, '3', 1);
    const few = await startThread(t, '4', ['1'], 'first');
    await send(few.threadId, '4', 2);
    const many = await startThread(t, '5', ['1'], 'first');
    await send(many.threadId, '5', 10);

    const inbox = await t.as('1').get('/');
    expect(inbox.status).toBe(200);
    expect(rootOf(inbox.text)).toContain('lang="ar" dir="rtl"');
    expect(inbox.text).toContain('<h1>الرسائل</h1>');
    const badge = (threadId: string) => /<span class="m-badge">([^<]*)<\/span>/.exec(rowOf(inbox.text, threadId))?.[1];
    const digits = new Intl.NumberFormat('ar');
    expect(new Intl.PluralRules('ar').select(3)).toBe('few');
    expect(new Intl.PluralRules('ar').select(11)).toBe('many');
    expect(badge(one.threadId)).toBe('رسالة واحدة غير مقروءة');
    expect(badge(two.threadId)).toBe('رسالتان غير مقروءتين');
    expect(badge(few.threadId)).toBe(`${digits.format(3)} رسائل غير مقروءة`);
    expect(badge(many.threadId)).toBe(`${digits.format(11)} رسالة غير مقروءة`);

    const compose = await t.as('1').get('/new');
    expect(rootOf(compose.text)).toContain('lang="ar" dir="rtl"');
    expect(compose.text).toContain('<h1>رسالة جديدة</h1>');
    // The hint names the profiles' Message button in its own words.
    expect(compose.text).toContain(`<strong>${SHIPPED_CATALOGUES.ar.partials.messageButton}</strong>`);
    const search = await t.as('1').get('/search');
    expect(rootOf(search.text)).toContain('lang="ar" dir="rtl"');
    expect(search.text).toContain('<title>البحث في الرسائل</title>');
  });
});

describe('conversation pages choose the language from Accept-Language', () => {
  it('Accept-Language: fr gives French; without it English, as before', async () => {
    t = await createHttpTestApp();
    await startThread(t, '2', ['1'], 'Bonjour');
    const french = await t.as('1').get('/').set('Accept-Language', 'fr-CH, fr;q=0.9, en;q=0.5');
    expect(rootOf(french.text)).toMatch(/lang="fr(-CH)?" dir="ltr"/);
    expect(french.text).toContain('>Nouveau message</a>');
    expect(french.text).toContain('<span class="m-badge">1 non lu</span>');
    expect(french.text).toContain('<label for="messaging-search-q">Rechercher dans vos messages</label>');
    const frenchCompose = await t.as('1').get('/new').set('Accept-Language', 'fr');
    expect(frenchCompose.text).toContain('<title>Nouveau message</title>');

    const english = await t.as('1').get('/');
    expect(rootOf(english.text)).toContain('lang="en" dir="ltr"');
    expect(english.text).toContain('>New message</a>');
    expect(english.text).toContain('<span class="m-badge">1 unread</span>');
  });
});

describe('inbox times', () => {
  it('reads "2 hours ago" within the last week, the exact time in the member zone in title and datetime; a date after a week', async () => {
    let now = new Date('2026-03-02T10:00:00.000Z');
    t = await createHttpTestApp({ overrides: { clock: () => now, timeZone: () => 'Europe/Berlin' } });
    const old = await startThread(t, '3', ['1'], 'old');
    now = new Date('2026-03-12T08:00:00.000Z');
    const recent = await startThread(t, '2', ['1'], 'recent');
    now = new Date('2026-03-12T10:00:00.000Z');

    const page = (await t.as('1').get('/')).text;
    expect(rowOf(page, recent.threadId)).toContain('<time datetime="2026-03-12T08:00:00.000Z" title="12 Mar 2026, 09:00 CET">2 hours ago</time>');
    // Ten days: the date and time itself, in Berlin.
    expect(rowOf(page, old.threadId)).toContain('<time datetime="2026-03-02T10:00:00.000Z" title="2 Mar 2026, 11:00 CET">2 Mar 2026, 11:00 CET</time>');
    const german = (await t.as('1').get('/').set('Accept-Language', 'de')).text;
    expect(rowOf(german, recent.threadId)).toContain('>vor 2 Stunden</time>');
  });
});

describe('a too-long new message comes back in the compose form', () => {
  it('413 with the form, the error next to the body and the text kept, not an error page', async () => {
    t = await createHttpTestApp({ overrides: { limits: { maxMessageLength: 50 } } });
    const compose = await t.as('1').get('/new?to=2');
    const long = 'x'.repeat(51);
    const res = await t
      .as('1')
      .post('/')
      .type('form')
      .send({ to: '2', subject: 'Kept', body: long, _csrf: csrfOf(compose.text) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('<p class="m-error" id="messaging-body-error">This is too long: at most 50 characters.</p>');
    expect(res.text).toContain(`>${long}</textarea>`);
    expect(res.text).toContain('value="Kept"');
    expect(res.text).toContain('<input type="hidden" name="to" value="2">');
    expect((await t.counts()).messages).toBe(0);
  });
});
