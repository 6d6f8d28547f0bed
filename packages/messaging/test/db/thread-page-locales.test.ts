import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingOptions } from '../../src/options.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { csrfOf, PDF } from './attachments-http-fixture.js';

/**
 * The thread page, a group's members-and-name page and the edit and delete pages of one's own
 * message in the member's language and time zone (the host's `locale` and `timeZone` options),
 * through HTTP: `lang` and `dir` on the page's root, words from the catalogue, times shifted to
 * the zone, plural forms chosen by the number.
 */
let h: HttpTestApp | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** Every message and line is written at this instant: 10:30 UTC is 19:30 in Tokyo. */
const NOW = '2026-01-05T10:30:00.000Z';

function app(locale: string, overrides: Partial<MessagingOptions> = {}): Promise<HttpTestApp> {
  return createHttpTestApp({ overrides: { locale: () => locale, timeZone: () => 'Asia/Tokyo', clock: () => new Date(NOW), ...overrides } });
}

/** A group of Alice (1), Bob (2) and Carol (3) with a message from each of Alice and Bob; Alice then adds Dave and renames it. */
async function groupThread(t: HttpTestApp): Promise<{ threadId: string; mine: string; bobs: string }> {
  const started = await t
    .as('1')
    .post('/api/threads')
    .send({ recipientIds: ['2', '3'], body: 'Hallo <b>zusammen</b>' });
  expect(started.status).toBe(201);
  const threadId = started.body.thread.id as string;
  const reply = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'Hi' });
  expect(reply.status).toBe(201);
  expect(
    (
      await t
        .as('1')
        .post(`/api/threads/${threadId}/members`)
        .send({ userIds: ['4'] })
    ).status,
  ).toBe(200);
  expect(
    (
      await t
        .as('1')
        .post(`/threads/${threadId}/settings/subject`)
        .type('form')
        .send({ subject: 'Plan', _csrf: await csrf(t) })
    ).status,
  ).toBe(303);
  return { threadId, mine: started.body.message.id, bobs: reply.body.message.id };
}

async function csrf(t: HttpTestApp): Promise<string> {
  return (await t.as('1').get('/api/csrf')).body.token;
}

/** The opening tag of the page's root element. */
function root(page: string, className: string): string {
  const start = page.indexOf(`<div class="messaging ${className}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('>', start) + 1);
}

describe('the thread page in German, in Tokyo time', () => {
  it('says lang and dir, words everything in German and shows the times in the zone', async () => {
    h = await app('de');
    const { threadId, mine } = await groupThread(h);
    const page = (await h.as('1').get(`/threads/${threadId}`)).text;
    expect(root(page, 'messaging-thread')).toContain('lang="de" dir="ltr"');
    expect(page).toContain('<html lang="de" dir="ltr">');
    for (const words of [
      'Zurück zu deinen Nachrichten',
      'data-messaging-group-settings-link>Mitglieder und Name</a>',
      'aria-label="Nachrichten"',
      '<h2 id="messaging-reply-title">Antworten</h2>',
      '<label for="messaging-body">Deine Nachricht</label>',
      '<button type="submit">Senden</button>',
      'data-messaging-edit-link>Bearbeiten</a>',
      'data-messaging-delete-link>Löschen</a>',
      'data-messaging-report-link>Melden</a>',
      '<bdi>Alice</bdi> hat <bdi>Dave</bdi> hinzugefügt',
      '<bdi>Alice</bdi> hat die Unterhaltung in „<bdi>Plan</bdi>“ umbenannt',
    ]) {
      expect(page).toContain(words);
    }
    // The others joined in German ("und"), each linked and isolated.
    expect(page).toContain(
      'data-messaging-members>Mit <a href="/users/bob"><bdi>Bob</bdi></a>, <a href="/users/carol"><bdi>Carol</bdi></a> und <a href="/users/dave"><bdi>Dave</bdi></a></p>',
    );
    // 10:30 UTC is shown as 19:30 in Tokyo, for messages and system lines alike.
    const times = [...page.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)];
    expect(times.length).toBe(4);
    for (const [, iso, shown] of times) {
      expect(iso).toBe(NOW);
      expect(shown).toContain('19:30');
      expect(shown).not.toContain('10:30');
      expect(shown).not.toContain('UTC');
    }
    expect(page).toContain(`id="m-${mine}"`);
    expect(page).toContain('Hallo &lt;b&gt;zusammen&lt;/b&gt;');
    expect(page).not.toMatch(/>(Back to your messages|Reply|Send|Edit|Delete|Report|Your message)</);
  });

  it('marks an edited and a deleted message in German', async () => {
    h = await app('de');
    const { threadId, mine, bobs } = await groupThread(h);
    expect(
      (
        await h
          .as('2')
          .post(`/messages/${bobs}/edit`)
          .type('form')
          .send({ body: 'Hi!', _csrf: (await h.as('2').get('/api/csrf')).body.token })
      ).status,
    ).toBe(303);
    expect(
      (
        await h
          .as('1')
          .post(`/messages/${mine}/delete`)
          .type('form')
          .send({ _csrf: await csrf(h) })
      ).status,
    ).toBe(303);
    const page = (await h.as('3').get(`/threads/${threadId}`)).text;
    expect(page).toContain('data-messaging-edited>bearbeitet</p>');
    expect(page).toContain('<p class="m-body m-removed" data-messaging-deleted><em>Nachricht gelöscht</em></p>');
  });

  it('words the group page, its errors with plural forms, and the edit and delete pages', async () => {
    h = await app('de', { limits: { maxGroupParticipants: 3 } });
    const { threadId, mine } = await groupThread(h);
    const settings = await h.as('1').get(`/threads/${threadId}/settings`);
    expect(settings.text).toContain('<title>Mitglieder und Name');
    expect(root(settings.text, 'messaging-group-settings')).toContain('lang="de" dir="ltr"');
    expect(settings.text).toContain('<h2>Mitglieder (4 von höchstens 4)</h2>');
    expect(settings.text).toContain('<button type="submit" disabled>Hinzufügen</button>');
    const full = await h
      .as('1')
      .post(`/threads/${threadId}/settings/members`)
      .type('form')
      .send({ userIds: '5', _csrf: await csrf(h) });
    expect(full.status).toBe(400);
    expect(full.text).toContain('<p class="m-error" id="messaging-user-ids-error">Damit hätte die Unterhaltung mehr als 4 Mitglieder.</p>');
    const again = await h
      .as('1')
      .post(`/threads/${threadId}/settings/members`)
      .type('form')
      .send({ userIds: '2', _csrf: await csrf(h) });
    expect(again.text).toContain('Alle genannten Mitglieder sind schon in dieser Unterhaltung.');
    const long = await h
      .as('1')
      .post(`/threads/${threadId}/settings/subject`)
      .type('form')
      .send({ subject: 'x'.repeat(500), _csrf: await csrf(h) });
    expect(long.text).toMatch(/id="messaging-subject-error">Der Name darf höchstens \d+ Zeichen lang sein\.</);

    const edit = await h.as('1').get(`/messages/${mine}/edit`);
    expect(edit.text).toContain('<title>Nachricht bearbeiten');
    expect(root(edit.text, 'messaging-edit')).toContain('lang="de"');
    expect(edit.text).toMatch(
      /Gesendet <time datetime="2026-01-05T10:30:00.000Z">[^<]*19:30[^<]*<\/time>; du kannst sie bis <time datetime="2026-01-05T10:45:00.000Z">[^<]*19:45[^<]*<\/time> bearbeiten\./,
    );
    const empty = await h
      .as('1')
      .post(`/messages/${mine}/edit`)
      .type('form')
      .send({ body: '  ', _csrf: await csrf(h) });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Schreib eine Nachricht, bevor du speicherst.');
    const confirm = await h.as('1').get(`/messages/${mine}/delete`);
    expect(confirm.text).toContain('<title>Nachricht löschen');
    expect(confirm.text).toContain('<h1>Diese Nachricht löschen?</h1>');
    expect(confirm.text).toContain('<button type="submit">Nachricht löschen</button>');
  });

  it('names a member the site no longer knows in German, on the thread and the group page', async () => {
    const gone = new Set<string>();
    h = await app('de', { users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id)) && !gone.has(String(u.id))) } });
    const { threadId } = await groupThread(h);
    gone.add('2');
    const page = (await h.as('1').get(`/threads/${threadId}`)).text;
    expect(page).toContain('<bdi>Gelöschtes Konto</bdi> · <time');
    expect(page).toContain('data-messaging-members>Mit <bdi>Gelöschtes Konto</bdi>, ');
    expect(page).not.toContain('Deleted user');
    const settings = (await h.as('1').get(`/threads/${threadId}/settings`)).text;
    expect(settings).toContain('<li><bdi>Gelöschtes Konto</bdi></li>');
    expect(settings).not.toContain('Deleted user');
  });

  it('words the file input with the plural form of its limit', async () => {
    h = await app('de', { attachments: { maxFilesPerMessage: 1, maxFileBytes: 1536 * 1024 } });
    const { threadId } = await groupThread(h);
    const page = (await h.as('1').get(`/threads/${threadId}`)).text;
    expect(page).toContain('<label for="messaging-files">Dateien anhängen (optional)</label>');
    expect(page).toContain('Bis zu 1 Datei, je höchstens 1,5 MB.');
    await h.cleanup();
    h = await app('de', { attachments: { maxFilesPerMessage: 3 } });
    const other = await groupThread(h);
    expect((await h.as('1').get(`/threads/${other.threadId}`)).text).toMatch(/Bis zu 3 Dateien, je höchstens [\d,]+ MB\./);
  });
  it('says in German why files were refused, with the text kept', async () => {
    h = await app('de', { attachments: { maxFilesPerMessage: 1, maxFileBytes: 256 * 1024 } });
    const { threadId } = await groupThread(h);
    const token = csrfOf((await h.as('1').get(`/threads/${threadId}`)).text);
    const reply = () => h!.as('1').post(`/threads/${threadId}`).field('_csrf', token).field('body', 'Behalten');
    const tooMany = await reply().attach('files', PDF, 'a.pdf').attach('files', PDF, 'b.pdf');
    expect(tooMany.status).toBe(413);
    expect(tooMany.text).toContain('<p class="m-error" id="messaging-files-error">Höchstens 1 Datei auf einmal.</p>');
    expect(tooMany.text).toContain('>Behalten</textarea>');
    const html = await reply().attach('files', Buffer.from('<html><script>alert(1)</script>'), 'page.html');
    expect(html.status).toBe(415);
    expect(html.text).toMatch(/id="messaging-files-error">Diese Art von Datei kann nicht gesendet werden\. Erlaubt: [A-Z, ]*PDF\.</);
  });
});

describe('the thread page in Arabic', () => {
  it('is right to left, words everything in Arabic, in Tokyo time, with Arabic plural forms', async () => {
    h = await app('ar', { attachments: { maxFilesPerMessage: 2 } });
    const { threadId } = await groupThread(h);
    const page = (await h.as('1').get(`/threads/${threadId}`)).text;
    expect(root(page, 'messaging-thread')).toContain('lang="ar" dir="rtl"');
    expect(page).toContain('<html lang="ar" dir="rtl">');
    for (const words of [
      'العودة إلى رسائلك',
      '<h2 id="messaging-reply-title">الرد</h2>',
      '<button type="submit">إرسال</button>',
      'أُضيف <bdi>Dave</bdi> بواسطة <bdi>Alice</bdi>',
      'إرفاق ملفات (اختياري)',
    ]) {
      expect(page).toContain(words);
    }
    // Two files: the dual form, not a number.
    expect(page).toContain('ملفان كحد أقصى');
    // The date and time as Arabic writes them in Tokyo ("07:30 م", 7:30 in the evening), not in UTC ("10:30 ص").
    const shownIn = (timeZone: string) =>
      new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(NOW));
    const times = [...page.matchAll(/<time datetime="[^"]+">([^<]+)<\/time>/g)].map((m) => m[1]);
    expect(times.length).toBe(4);
    for (const shown of times) expect(shown).toBe(shownIn('Asia/Tokyo'));
    expect(shownIn('Asia/Tokyo')).not.toBe(shownIn('UTC'));
    expect(page).not.toMatch(/>(Back to your messages|Reply|Send)</);

    await h.cleanup();
    h = await app('ar', { attachments: { maxFilesPerMessage: 5 } });
    const other = await groupThread(h);
    // 3 to 10: the "few" form (ملفات); 11 to 99 would be "many" (ملفًا).
    expect((await h.as('1').get(`/threads/${other.threadId}`)).text).toContain(`حتى ${new Intl.NumberFormat('ar').format(5)} ملفات`);
  });
});
