import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CATALOGUES } from '../../src/catalogue/locales/index.js';
import type { Plural } from '../../src/catalogue/catalogue.js';
import { type NotificationMailInput, type NotificationMailStrings, renderNotificationMail } from '../../src/views/notifications/notification-mail.js';
import { catalogueMailStrings } from '../../src/views/notifications/mail-strings.js';
import { english } from '../../src/views/i18n/localization.js';

/** The notification mail in every shipped language: its words, plural forms, direction and time zone. */

const BASE = 'https://example.com/messages';
const LINKS = { inbox: `${BASE}/`, preferences: `${BASE}/preferences`, unsubscribe: `${BASE}/unsubscribe?u=2&t=abc` };
const SENT_AT = '2026-12-01T10:00:00.000Z';

function thread(over: Partial<NotificationMailInput['threads'][number]> = {}): NotificationMailInput['threads'][number] {
  return { subject: null, url: `${BASE}/threads/t1`, unreadCount: 1, senders: [{ id: '1', displayName: 'Alice' }], ...over };
}

const mails: Record<string, NotificationMailInput> = {
  conversation: {
    kind: 'conversation',
    recipient: { displayName: 'Bob' },
    threads: [
      thread({
        subject: 'Trip',
        unreadCount: 2,
        senders: ['Alice', 'Carol', 'Dan', 'Eve', 'Fay'].map((displayName, i) => ({ id: String(i + 1), displayName })),
        latestMessages: [{ senderId: '1', body: 'See you at 8', sentAt: SENT_AT }],
      }),
    ],
    unreadTotal: 2,
    links: LINKS,
  },
  untitled: { kind: 'conversation', recipient: null, threads: [thread()], unreadTotal: 1, links: LINKS },
  digest: {
    kind: 'digest',
    recipient: { displayName: 'Bob' },
    threads: Array.from({ length: 23 }, (_, i) => thread({ url: `${BASE}/threads/x${i}`, unreadCount: 1 })),
    unreadTotal: 23,
    links: LINKS,
  },
  test: { kind: 'test', recipient: { displayName: 'Bob' }, threads: [], unreadTotal: 0, links: LINKS },
};

const OTHER_LOCALES = ['de', 'fr', 'es', 'pt-BR', 'ar'] as const;

/** The lines of the English text part that are the package's sentences (not links, names, subjects or message text). */
function englishSentences(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/: https:\/\/\S+$/, ''))
    .filter((line) => line.length > 3 && !line.startsWith('>') && !line.startsWith('\u2068') && line !== '-- ');
}

const forms = (message: string | Plural): string[] => (typeof message === 'string' ? [message] : Object.values(message));

describe('the notification mail in every shipped locale', () => {
  it.each(OTHER_LOCALES)('%s: every sentence of the mail in its words, none left in English, lang and dir set', (locale) => {
    for (const [kind, input] of Object.entries(mails)) {
      const en = renderNotificationMail(input);
      const mail = renderNotificationMail(input, { locale });
      expect(mail.subject, `${locale} ${kind}`).not.toBe(en.subject);
      for (const sentence of englishSentences(en.text)) {
        expect(mail.text, `${locale} ${kind}: "${sentence}" left in English`).not.toContain(sentence);
        expect(mail.html, `${locale} ${kind}: "${sentence}" left in English`).not.toContain(sentence);
      }
      expect(mail.html).toContain(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`);
      // The links stay what they are.
      expect(mail.text).toContain(LINKS.unsubscribe);
    }
  });

  it('the pseudo-locale en-XA: every word of the mail comes from the catalogue (none is written in the code)', () => {
    for (const [kind, input] of Object.entries(mails)) {
      const en = renderNotificationMail(input);
      const pseudo = renderNotificationMail(input, { locale: 'en-XA' });
      for (const sentence of englishSentences(en.text)) expect(`${pseudo.subject}\n${pseudo.text}\n${pseudo.html}`, `${kind}: "${sentence}"`).not.toContain(sentence);
      // The words the text part prints beside its links are the catalogue's too.
      for (const label of ['Open the conversation', 'Open your messages', 'Email settings', 'Unsubscribe']) expect(pseudo.text, `${kind}: ${label}`).not.toContain(`${label}:`);
    }
  });

  it.each(OTHER_LOCALES)('%s: each message of section mail differs from the English one', (locale) => {
    const en = SHIPPED_CATALOGUES.en.mail as Record<string, string | Plural>;
    const own = SHIPPED_CATALOGUES[locale].mail as Record<string, string | Plural>;
    // A count of conversations is the same word in French ("2 conversations"): a fragment, not a sentence.
    const sameWord = locale === 'fr' ? ['conversations'] : [];
    for (const key of Object.keys(en).filter((k) => !sameWord.includes(k))) {
      for (const form of forms(own[key] as string | Plural)) expect(forms(en[key] as string | Plural), `${locale} mail.${key}`).not.toContain(form);
    }
  });

  it('German: the words of a conversation mail, with the names joined in German', () => {
    const mail = renderNotificationMail(mails.conversation as NotificationMailInput, { locale: 'de' });
    const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');
    expect(plain(mail.subject)).toBe('2 neue Nachrichten von Alice, Carol, Dan und 2 weitere Personen: Trip');
    expect(plain(mail.text)).toContain('Hallo Bob,');
    expect(plain(mail.text)).toContain('2 ungelesene Nachrichten von Alice, Carol, Dan und 2 weitere Personen');
    expect(mail.text).toContain(`Unterhaltung öffnen: ${BASE}/threads/t1`);
    expect(mail.text).toContain(`Abbestellen: ${LINKS.unsubscribe}`);
    expect(renderNotificationMail(mails.digest as NotificationMailInput, { locale: 'de' }).text).toContain('…und 3 weitere Unterhaltungen in deinen Nachrichten.');
  });

  it('Arabic: the plural forms zero, one, two, few, many and other', () => {
    const n = (x: number) => new Intl.NumberFormat('ar').format(x);
    const subjectFor = (unread: number) =>
      renderNotificationMail(
        { kind: 'conversation', recipient: null, threads: [thread({ unreadCount: unread })], unreadTotal: unread, links: LINKS },
        { locale: 'ar' },
      ).subject.replace(/[\u2068\u2069]/g, '');
    expect(subjectFor(0)).toBe('لا رسائل جديدة من Alice');
    expect(subjectFor(1)).toBe('رسالة جديدة من Alice');
    expect(subjectFor(2)).toBe('رسالتان جديدتان من Alice');
    expect(subjectFor(3)).toBe(`${n(3)} رسائل جديدة من Alice`);
    expect(subjectFor(11)).toBe(`${n(11)} رسالة جديدة من Alice`);
    expect(subjectFor(100)).toBe(`${n(100)} رسالة جديدة من Alice`);
    const lineFor = (unread: number) => renderNotificationMail({ ...(mails.untitled as NotificationMailInput), threads: [thread({ unreadCount: unread })] }, { locale: 'ar' }).text;
    expect(lineFor(2)).toContain('رسالتان غير مقروءتين من');
    expect(lineFor(5)).toContain(`${n(5)} رسائل غير مقروءة من`);
    const digest = (threads: number) =>
      renderNotificationMail(
        { ...(mails.digest as NotificationMailInput), threads: Array.from({ length: threads }, (_, i) => thread({ url: `${BASE}/threads/y${i}` })), unreadTotal: threads },
        { locale: 'ar' },
      ).text;
    expect(digest(21)).toContain('…ومحادثة أخرى في رسائلك.');
    expect(digest(22)).toContain('…ومحادثتان أخريان في رسائلك.');
    expect(digest(25)).toContain(`…و${n(5)} محادثات أخرى في رسائلك.`);
    expect(digest(2)).toContain('في محادثتين');
  });

  it('shows the times of the messages in the given time zone, with its name; UTC without one', () => {
    const input = mails.conversation as NotificationMailInput;
    const berlin = renderNotificationMail(input, { locale: 'de', timeZone: 'Europe/Berlin' });
    expect(berlin.text).toContain('(1. Dez. 2026, 11:00 MEZ):');
    expect(berlin.html).toContain('11:00 MEZ');
    const newYork = renderNotificationMail(input, { timeZone: 'America/New_York' });
    expect(newYork.text).toMatch(/\(1 Dec 2026, 05:00 GMT-5\):/);
    expect(newYork.text).not.toContain('10:00');
    expect(renderNotificationMail(input).text).toContain('(1 Dec 2026, 10:00 UTC):');
    expect(renderNotificationMail(input, { locale: 'en', timeZone: 'Not/A_Zone' }).text).toContain('(1 Dec 2026, 10:00 UTC):');
  });

  it('a locale the package does not ship gets its language or English, never an error', () => {
    expect(renderNotificationMail(mails.test as NotificationMailInput, { locale: 'de-AT' }).subject).toBe('Testbenachrichtigung: E-Mails über Nachrichten kommen an');
    // Portugal's Portuguese: the Brazilian words, its own dates and numbers.
    const pt = renderNotificationMail(mails.test as NotificationMailInput, { locale: 'pt-PT' });
    expect(pt.subject).toBe('Notificação de teste: os e-mails sobre mensagens estão funcionando');
    expect(pt.html).toContain('<html lang="pt-PT" dir="ltr">');
    for (const locale of ['sw', 'not a tag!', '']) {
      expect(renderNotificationMail(mails.test as NotificationMailInput, { locale }).subject).toBe('Test notification: mail about messages works');
    }
  });

  it('strings still replace every word, labels too; locale still sets lang, dir and the dates', () => {
    const own: NotificationMailStrings = {
      ...catalogueMailStrings(english()),
      greeting: (name) => `Salut ${name ?? ''}!`,
      openThread: 'Read it',
      openInbox: 'All of them',
      unsubscribe: 'Stop it',
      moreThreads: (count) => `(${count} more)`,
    };
    const mail = renderNotificationMail(mails.conversation as NotificationMailInput, { strings: own, locale: 'ar', timeZone: 'Europe/Berlin' });
    expect(mail.text).toContain('Salut \u2068Bob\u2069!');
    expect(mail.text).toContain(`Read it: ${BASE}/threads/t1`);
    expect(mail.html).toContain('>Read it</a>');
    expect(mail.html).toContain('>All of them</a>');
    expect(mail.html).toContain('>Stop it</a>');
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('border-right:3px solid');
    expect(renderNotificationMail(mails.digest as NotificationMailInput, { strings: own }).html).toContain('(3 more)');
  });

  it("takes the HTML part's template from the host's templates folder, with the member's words", () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-mail-templates-'));
    try {
      mkdirSync(join(dir, 'notifications'));
      writeFileSync(
        join(dir, 'notifications', 'mail.eta'),
        '<!doctype html><html lang="<%= it.i18n.locale %>"><p class="ours"><%= it.greeting %> <%= it.i18n.t(\'mail.openInbox\') %></p></html>',
      );
      const mail = renderNotificationMail(mails.test as NotificationMailInput, { locale: 'de', templates: dir });
      expect(mail.html).toBe('<!doctype html><html lang="de"><p class="ours">Hallo \u2068Bob\u2069, Deine Nachrichten öffnen</p></html>');
      // The text part and the subject are the package's, in German.
      expect(mail.subject).toBe('Testbenachrichtigung: E-Mails über Nachrichten kommen an');
      expect(renderNotificationMail(mails.test as NotificationMailInput).html).not.toContain('class="ours"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
