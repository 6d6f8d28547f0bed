import { describe, expect, it } from 'vitest';
import { createLiveStrings, ENGLISH_STRINGS, type LiveKey } from '../../src/browser/live-words.js';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { LIVE_SCRIPT_KEYS, liveStringsJson } from '../../src/views/partials/live-strings.js';

// The live script's words (src/browser/live-words.ts; reading them from the page's script tag is
// proven in chromium: examples/basic/test/browser/live-words.browser.test.ts) as the server hands them over
// (views/partials/live-strings.ts): the script runs them through Intl as the server's translator does.
const localization = createLocalization({});
const given = (locale: string, zone = 'UTC') => JSON.parse(liveStringsJson(localization.translator(locale, zone)));

describe('the live script’s built-in English', () => {
  it('is the catalogue’s English, key for key (the live section and the keys of the pages it draws like)', () => {
    expect(Object.keys(ENGLISH_STRINGS).sort()).toEqual([...LIVE_SCRIPT_KEYS].sort());
    for (const key of LIVE_SCRIPT_KEYS) expect(ENGLISH_STRINGS[key as LiveKey], key).toEqual(english().message(key));
  });

  it('reads as before without words from the server (a host page whose script tag lacks them)', () => {
    const strings = createLiveStrings(null);
    expect(strings.text('live.announceUnread', { count: 1 })).toBe('1 unread message');
    expect(strings.text('live.announceUnread', { count: 3 })).toBe('3 unread messages');
    expect(strings.text('partials.navLinkUnread', { label: 'Messages', count: 3 })).toBe('Messages, 3 unread messages');
    expect(strings.dateTime('2026-01-01T10:05:00.000Z')).toBe('1 Jan 2026, 10:05 UTC');
    expect(strings.list(['Bob', 'Carol', 'Dave']).join('')).toBe('Bob, Carol and Dave');
    expect(strings.parts('messages.systemRenamed', { name: 'Alice', subject: 'Trip' })).toEqual(['Alice', ' renamed the conversation to “', 'Trip', '”']);
  });
});

describe('the live script in the member’s language', () => {
  it('German: words, plural forms and times in the member’s zone, as the server shows them', () => {
    const strings = createLiveStrings(given('de', 'Europe/Berlin'));
    expect(strings.locale).toBe('de');
    expect(strings.text('messages.messageDeleted')).toBe('Nachricht gelöscht');
    expect(strings.text('messages.messageEdited')).toBe('bearbeitet');
    expect(strings.text('live.announceMessage', { name: 'Bob' })).toBe('Neue Nachricht von Bob');
    expect(strings.text('live.announceUnread', { count: 1 })).toBe('1 ungelesene Nachricht');
    expect(strings.text('live.announceUnread', { count: 1200 })).toBe('1.200 ungelesene Nachrichten');
    expect(strings.text('partials.navLinkUnread', { label: 'Nachrichten', count: 2 })).toBe('Nachrichten, 2 ungelesene Nachrichten');
    const iso = '2026-07-01T10:05:00.000Z';
    expect(strings.dateTime(iso)).toBe(localization.translator('de', 'Europe/Berlin').dateTime(iso));
    expect(strings.dateTime(iso)).toContain('12:05');
    expect(strings.list(['Bob', 'Carol', 'Dave']).join('')).toBe('Bob, Carol und Dave');
    expect(strings.parts('messages.systemMembersAdded', { name: 'Alice', names: 'Carol' })).toEqual(['Alice', ' hat ', 'Carol', ' hinzugefügt']);
  });

  it('Arabic: every plural category by Intl.PluralRules, and names where the sentence puts them', () => {
    const strings = createLiveStrings(given('ar'));
    expect([0, 1, 2, 3, 11, 100].map((count) => strings.text('live.announceUnread', { count }))).toEqual([
      'لا رسائل غير مقروءة',
      'رسالة واحدة غير مقروءة',
      'رسالتان غير مقروءتين',
      '3 رسائل غير مقروءة',
      '11 رسالة غير مقروءة',
      '100 رسالة غير مقروءة',
    ]);
    expect(strings.parts('messages.systemMembersAdded', { name: 'Alice', names: 'Carol' })).toEqual(['أُضيف ', 'Carol', ' بواسطة ', 'Alice']);
    expect(strings.text('messages.messageDeletedUser')).toBe('حساب محذوف');
  });

  it('French: the many form for large round numbers, and its own units', () => {
    const strings = createLiveStrings(given('fr'));
    expect(strings.text('live.announceFound', { count: 1 })).toBe('1 membre trouvé');
    expect(strings.text('live.announceFound', { count: 1_000_000 })).toMatch(/^1\s000\s000 de membres trouvés$/);
    expect(strings.text('messages.sizeKilobytes', { size: strings.number(1.5) })).toBe('1,5 Ko');
  });

  it('keeps English for whatever the server gave that is missing or malformed', () => {
    const strings = createLiveStrings({
      locale: 'not a locale!',
      timeZone: 'Mars/Olympus',
      messages: { 'messages.messageEdited': 42, 'messages.messageReport': { one: 'x' }, 'messages.messageDelete': 'Weg', 'messages.unknown': 'x' },
    });
    expect(strings.locale).toBe('en');
    expect(strings.text('messages.messageEdited')).toBe('edited');
    expect(strings.text('messages.messageReport')).toBe('Report');
    expect(strings.text('messages.messageDelete')).toBe('Weg');
    expect(strings.dateTime('2026-01-01T10:05:00.000Z')).toBe('1 Jan 2026, 10:05 UTC');
    expect(createLiveStrings('garbage').text('messages.messageEdited')).toBe('edited');
  });
});
