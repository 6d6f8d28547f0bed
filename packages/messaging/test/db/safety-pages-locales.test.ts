import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/*
 * Issue 15: the member-safety pages and the admins' pages in the member's language, through
 * HTTP with the host's `locale(req)`: the page's root says lang and dir, the words and the
 * document title come from the catalogue (sections safety and moderation), numbers and times
 * in the locale's own way, form errors too.
 */

const ADMIN = '5';
let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

async function app(locale: string): Promise<{ admin: (path: string) => request.Test; adminPost: (path: string) => request.Test }> {
  t = await createHttpTestApp({ overrides: { locale: () => locale, isAdmin: (req: any) => req.headers['x-test-user'] === ADMIN } });
  const host = express();
  host.use('/admin/messaging', t.messaging.adminRouter);
  return {
    admin: (path) => request(host).get(`/admin/messaging${path}`).set('x-test-user', ADMIN),
    adminPost: (path) => request(host).post(`/admin/messaging${path}`).set('x-test-user', ADMIN).set('Sec-Fetch-Site', 'same-origin'),
  };
}

/** The opening tag of the page's root element (the `.messaging` element inside the layout). */
function rootOf(page: string): string {
  const tag = /<(?:div|section) class="messaging [^"]*"[^>]*>/.exec(page);
  if (!tag) throw new Error(`no .messaging root in ${page.slice(0, 300)}`);
  return tag[0];
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1] as string;

/** Carol's message to Alice, reported by Alice for spam: what the moderation pages show. */
async function reported(): Promise<string> {
  const { messageId } = await startThread(t, '3', ['1'], 'Kauf jetzt <billig>');
  const { report } = await t.messaging.reports.report('1', messageId, { reason: 'spam', note: 'Werbung' });
  return report.id;
}

describe(`member-safety pages in German on ${TEST_DIALECT}`, () => {
  it('settings: root lang="de" dir="ltr", German title, choices and the error of a bad choice', async () => {
    await app('de');
    await t.messaging.blocks.block('1', '2');
    const page = await t.as('1').get('/preferences?saved=1');
    expect(page.status).toBe(200);
    expect(rootOf(page.text)).toBe('<div class="messaging messaging-preferences" lang="de" dir="ltr">');
    expect(page.text).toContain('<title>Nachrichten-Einstellungen</title>');
    expect(page.text).toContain('<h1>Nachrichten-Einstellungen</h1>');
    expect(page.text).toContain('<p role="status" data-messaging-saved>Gespeichert.</p>');
    expect(page.text).toMatch(/value="everyone" checked> Alle<\/label>/);
    expect(page.text).toContain('>Blockierung von <bdi>Bob</bdi> aufheben</button>');
    expect(page.text).not.toMatch(/Messaging settings|Who may start|Blocked members|Unblock/);

    const bad = await t
      .as('1')
      .post('/preferences')
      .type('form')
      .send(`whoCanMessage=friends&_csrf=${csrfOf(page.text)}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<p class="m-error" id="messaging-who-error" role="alert">Wähle eine der Möglichkeiten.</p>');
  });

  it('block page: after unblocking it says so in German and offers no Block button', async () => {
    await app('de');
    await t.messaging.blocks.block('1', '3');
    const before = await t.as('1').get('/blocks/new?userId=3');
    expect(before.text).toContain('<h1><bdi>Carol</bdi> ist blockiert</h1>');
    const done = await t
      .as('1')
      .post('/blocks/3/delete')
      .type('form')
      .send(`_csrf=${csrfOf(before.text)}`);
    expect(done.status).toBe(303);
    const after = await t.as('1').get('/blocks/new?userId=3&done=unblocked');
    expect(rootOf(after.text)).toContain('lang="de" dir="ltr"');
    expect(after.text).toContain('<h1><bdi>Carol</bdi> ist nicht mehr blockiert</h1>');
    expect(after.text).toContain('Du hast die Blockierung von <bdi>Carol</bdi> aufgehoben.');
    // The document title isolates the name (FSI … PDI) and is the heading's sentence.
    expect(after.text).toContain('<title>\u2068Carol\u2069 ist nicht mehr blockiert</title>');
    expect(after.text).not.toContain('data-messaging-block-form');
    expect(after.text).not.toContain('blockieren?');
  });
  it("the thread page's controls: Archive, Mute and Block in German, the muted note too", async () => {
    await app('de');
    const { threadId } = await startThread(t, '2', ['1'], 'Hallo');
    await t.messaging.inboxControls.mute('1', threadId);
    const page = await t.as('1').get(`/threads/${threadId}`);
    expect(page.text).toContain('<div class="m-controls" aria-label="Einstellungen der Unterhaltung" role="group">');
    expect(page.text).toContain('<button type="submit">Archivieren</button>');
    expect(page.text).toContain('<button type="submit">Stummschaltung aufheben</button>');
    expect(page.text).toMatch(/href="\/messages\/blocks\/new\?userId=2" data-messaging-block-link><bdi>Bob<\/bdi> blockieren<\/a>/);
    expect(page.text).toContain('Stummgeschaltet: Neue Nachrichten hier zählen nicht zu deinen ungelesenen.');
  });
});

describe(`member-safety pages in Arabic on ${TEST_DIALECT}`, () => {
  it('report form and its thank-you: root dir="rtl", reasons and the error of a missing reason in Arabic', async () => {
    await app('ar');
    const { messageId } = await startThread(t, '3', ['1'], 'مرحبا');
    const form = await t.as('1').get(`/messages/${messageId}/report`);
    expect(form.status).toBe(200);
    expect(rootOf(form.text)).toBe('<div class="messaging messaging-report" lang="ar" dir="rtl">');
    expect(form.text).toContain('<h1>الإبلاغ عن رسالة</h1>');
    expect(form.text).toContain('<title>الإبلاغ عن رسالة</title>');
    expect(form.text).toContain('value="spam" required> رسائل مزعجة أو احتيال</label>');
    expect(form.text).not.toMatch(/Report a message|Spam or scam|Send report/);

    const missing = await t
      .as('1')
      .post(`/messages/${messageId}/report`)
      .type('form')
      .send(`_csrf=${csrfOf(form.text)}`);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<p class="m-error" id="messaging-reason-error">اختر سببًا.</p>');
    const long = await t
      .as('1')
      .post(`/messages/${messageId}/report`)
      .type('form')
      .send(`reason=other&note=${'x'.repeat(1001)}&_csrf=${csrfOf(form.text)}`);
    expect(long.status).toBe(400);
    expect(long.text).toMatch(/<p class="m-error" id="messaging-note-error">يجب ألا تزيد الملاحظة على \S+ حرف\.<\/p>/);

    const sent = await t.as('1').get(`/messages/${messageId}/report?sent=1`);
    expect(sent.text).toContain('<title>تم إرسال البلاغ</title>');
    expect(sent.text).toContain('تم إرسال بلاغك. سيراجعه أحد المشرفين.');
  });
});

describe(`the admins' pages in German and Arabic on ${TEST_DIALECT}`, () => {
  it('moderation in German: the report in German words, Remove and Stop as red links to a German confirmation, the decision said after it', async () => {
    const { admin, adminPost } = await app('de');
    const reportId = await reported();
    const page = await admin('/reports');
    expect(page.status).toBe(200);
    expect(rootOf(page.text)).toBe('<section class="messaging messaging-moderation" lang="de" dir="ltr">');
    expect(page.text).toContain('<title>Gemeldete Nachrichten</title>');
    expect(page.text).toContain('<h2>Spam oder Betrug: <bdi>Carol</bdi>, gemeldet von <bdi>Alice</bdi></h2>');
    expect(page.text).toContain('<p>Anmerkung von <bdi>Alice</bdi>: <bdi>Werbung</bdi></p>');
    expect(page.text).toContain('Kauf jetzt &lt;billig&gt;');
    // Dismiss is a plain button; the two decisions that cannot be undone are red links to a confirmation.
    expect(page.text).toMatch(/<input type="hidden" name="action" value="dismiss"><button type="submit">Meldung verwerfen<\/button>/);
    expect(page.text).toContain(`<a class="m-danger" href="/admin/messaging/reports/${reportId}/confirm?action=delete_message">Nachricht entfernen …</a>`);
    expect(page.text).toContain(`<a class="m-danger" href="/admin/messaging/reports/${reportId}/confirm?action=suspend_sender"><bdi>Carol</bdi> für Nachrichten sperren …</a>`);
    expect(page.text).not.toMatch(/Reported messages|Dismiss report|Remove the message|reported by/);

    const confirm = await admin(`/reports/${reportId}/confirm?action=suspend_sender`);
    expect(rootOf(confirm.text)).toContain('lang="de" dir="ltr"');
    expect(confirm.text).toContain('<title>Dieses Mitglied für Nachrichten sperren?</title>');
    expect(confirm.text).toContain('<h1><bdi>Carol</bdi> für Nachrichten sperren?</h1>');
    expect(confirm.text).toContain('<button type="submit" class="m-danger"><bdi>Carol</bdi> für Nachrichten sperren</button>');
    expect(confirm.text).toContain('>Abbrechen</a>');

    const decided = await adminPost(`/reports/${reportId}`)
      .type('form')
      .send(`action=suspend_sender&confirm=yes&_csrf=${csrfOf(confirm.text)}`);
    expect(decided.status).toBe(303);
    const after = await admin('/reports?done=suspend_sender');
    expect(after.text).toContain('<p role="status" data-messaging-report-done>Die Person kann keine Nachrichten mehr senden.</p>');
    expect(after.text).toContain('<p class="m-empty" data-messaging-no-reports>Keine offenen Meldungen.</p>');
    expect(after.text).toMatch(/<li data-suspended-id="3"><bdi>Carol<\/bdi> \(seit <time datetime="[^"]+">[^<]+<\/time>\)/);
    expect(after.text).toContain('><bdi>Carol</bdi> wieder schreiben lassen</button>');
  });

  it('limits in German: labels, defaults with German digit grouping, the range error', async () => {
    const { admin, adminPost } = await app('de');
    const page = await admin('/limits');
    expect(rootOf(page.text)).toBe('<section class="messaging messaging-admin" lang="de" dir="ltr">');
    expect(page.text).toContain('<title>Sendelimits</title>');
    expect(page.text).toMatch(/<label for="messaging-limit-messagesPerMinute">Nachrichten pro Minute und Mitglied<\/label><br>/);
    // rateLimits are off in the test app: the default is the bound, 1000, grouped the German way.
    expect(page.text).toContain('<span id="messaging-limit-messagesPerMinute-hint">Standard: 1.000</span>');
    const bad = await adminPost('/limits')
      .type('form')
      .send(`messagesPerMinute=0&newThreadsPerDay=&maxGroupParticipants=&_csrf=${csrfOf(page.text)}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<p class="m-error" id="messaging-limit-messagesPerMinute-error">Hier muss eine ganze Zahl von 1 bis 1.000 stehen.</p>');
  });

  it("the limits form for a host's own admin page (messaging.adminLimitsHtml) follows locale(req) too", async () => {
    await app('de');
    await t.messaging.sendingLimits.set({ newThreadsPerDay: 12 });
    const host = express();
    host.get('/settings', async (req, res) => res.send(await t.messaging.adminLimitsHtml(req, { action: '/settings/limits', csrfToken: 'HOST-TOKEN' })));
    const form = (await request(host).get('/settings')).text;
    expect(form).toMatch(/^<form method="post" action="\/settings\/limits" class="messaging-admin-limits" data-messaging-admin-limits novalidate lang="de" dir="ltr">/);
    expect(form).toContain('<legend>Sendelimits</legend>');
    expect(form).toContain('<input type="hidden" name="_csrf" value="HOST-TOKEN">');
    expect(form).toMatch(/name="newThreadsPerDay" value="12"/);
    expect(form).toContain('>Limits speichern</button>');
  });

  it('moderation and the admin page in Arabic: dir="rtl" on the root and Arabic words', async () => {
    const { admin } = await app('ar');
    const reportId = await reported();
    const page = await admin('/reports');
    expect(rootOf(page.text)).toBe('<section class="messaging messaging-moderation" lang="ar" dir="rtl">');
    expect(page.text).toContain('<title>الرسائل المُبلَّغ عنها</title>');
    expect(page.text).toContain('<h2>رسائل مزعجة أو احتيال: <bdi>Carol</bdi>، أبلغ عنه <bdi>Alice</bdi></h2>');
    expect(page.text).toContain(`<a class="m-danger" href="/admin/messaging/reports/${reportId}/confirm?action=delete_message">إزالة الرسالة…</a>`);
    const confirm = await admin(`/reports/${reportId}/confirm?action=delete_message`);
    expect(confirm.text).toContain('<h1>هل تريد إزالة هذه الرسالة؟</h1>');
    expect(confirm.text).toContain('لا يمكن التراجع عن ذلك.');

    const settings = await admin('/');
    expect(rootOf(settings.text)).toBe('<section class="messaging messaging-admin" lang="ar" dir="rtl">');
    expect(settings.text).toContain('<h1>الرسائل المباشرة</h1>');
    expect(settings.text).toContain(
      '<nav class="m-admin-links" aria-label="الإشراف"><a href="/admin/messaging/reports">الرسائل المُبلَّغ عنها</a> · <a href="/admin/messaging/limits">حدود الإرسال</a></nav>',
    );
  });
});
