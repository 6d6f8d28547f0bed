import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { StringOverrides } from '../../src/catalogue/locales/index.js';
import { addLiveWordsRoute, liveWordsHref } from '../../src/http/responses/live-words-asset.js';
import { createLocalization } from '../../src/views/i18n/localization.js';
import { liveStringsJson } from '../../src/views/partials/live-strings.js';
import { runLiveWordsScript } from '../helpers/live-words.js';

// The live script's words as an asset of their own (issue 18): what a page's script tag linked
// inline before (liveStringsJson), per locale and time zone, cached like the other assets.

/** One app server: the words route of an instance with these options, where the router is mounted. */
function server(options: { defaultLocale?: string; strings?: StringOverrides } = {}) {
  const localization = createLocalization(options);
  const router = express.Router();
  addLiveWordsRoute(router, localization);
  const app = express().use('/messages', router);
  /** The URL a page of a member in this locale and zone links. */
  const href = (locale: string, zone?: string) => liveWordsHref('/messages/assets', localization.translator(locale, zone)).replaceAll('&amp;', '&');
  return { app, localization, href, get: (url: string) => request(app).get(url) };
}

const wordsOf = (res: request.Response) => runLiveWordsScript(res.text);

describe('GET <mount>/assets/messaging-words.js', () => {
  it("holds exactly the member's words a page carried inline before: German in Berlin time", async () => {
    const s = server();
    const url = s.href('de', 'Europe/Berlin');
    expect(url).toMatch(/^\/messages\/assets\/messaging-words\.js\?l=de&tz=Europe\/Berlin&v=[\w-]{12}$/);
    const res = await s.get(url).expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(wordsOf(res)).toEqual(JSON.parse(liveStringsJson(s.localization.translator('de', 'Europe/Berlin'))));
    expect(wordsOf(res).messages['messages.messageDeleted']).toBe('Nachricht gelöscht');
    // A browser's regional tag keeps its dates (de-AT) with the German words.
    expect(wordsOf(await s.get(s.href('de-AT')).expect(200))).toMatchObject({ locale: 'de-AT', timeZone: 'UTC', messages: { 'messages.messageEdited': 'bearbeitet' } });
  });

  it('is cached for a year under its current version, revalidated by ETag otherwise', async () => {
    const s = server();
    const url = s.href('fr', 'Europe/Paris');
    const current = await s.get(url).expect(200);
    expect(current.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = current.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // No version, or another (an older release's words): the same words, but asked again each time.
    for (const other of [url.replace(/&v=.*$/, ''), url.replace(/v=[\w-]+/, 'v=old')]) {
      const res = await s.get(other).expect(200);
      expect(res.headers['cache-control'], other).toBe('public, max-age=0, must-revalidate');
      expect(res.text).toBe(current.text);
    }
    await s.get(url).set('If-None-Match', etag).expect(304);
    // Another zone is another file (the times are the member's): another version.
    expect(s.href('fr', 'America/Montreal').split('v=')[1]).not.toBe(url.split('v=')[1]);
  });

  it("carries the host's strings and its own locales; another wording is another version", async () => {
    const plain = server();
    const own = server({ strings: { es: { messages: { messageEdited: 'cambiado' } }, tlh: { messages: { messageDeleted: 'Walked the plank' } } } });
    const spanish = await own.get(own.href('es')).expect(200);
    expect(wordsOf(spanish).messages['messages.messageEdited']).toBe('cambiado');
    expect(own.href('es')).not.toBe(plain.href('es'));
    // The same words, but a page linking the old version does not get them cached for good.
    expect((await own.get(plain.href('es')).expect(200)).headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const pirate = wordsOf(await own.get(own.href('tlh')).expect(200));
    expect(pirate.messages['messages.messageDeleted']).toBe('Walked the plank');
    // Untouched locales keep their version.
    expect(own.href('de')).toBe(plain.href('de'));
  });

  it('several app servers with the same options link the same URL and serve the same bytes', async () => {
    const options = { defaultLocale: 'pt-BR', strings: { 'pt-BR': { live: { announceNoMatch: 'Ninguém' } } } };
    const [a, b] = [server(options), server(options)];
    for (const [locale, zone] of [
      ['pt-BR', 'America/Sao_Paulo'],
      ['ar', 'UTC'],
      ['en', undefined],
    ] as const) {
      expect(a.href(locale, zone)).toBe(b.href(locale, zone));
      const [fromA, fromB] = await Promise.all([a.get(a.href(locale, zone)), b.get(a.href(locale, zone))]);
      expect(fromA.text).toBe(fromB.text);
      expect(fromA.headers.etag).toBe(fromB.headers.etag);
    }
  });

  it("an unknown locale gets the default locale's words, an unknown or malformed zone UTC", async () => {
    const s = server({ defaultLocale: 'fr' });
    const french = wordsOf(await s.get(s.href('fr')).expect(200));
    for (const query of ['l=tlh', 'l=xx-YY', 'l=not%20a%20tag', 'l=', '']) {
      expect(wordsOf(await s.get(`/messages/assets/messaging-words.js?${query}`).expect(200)), query).toEqual(french);
    }
    for (const zone of ['Mars/Olympus_Mons', '../../etc/passwd', 'Europe%2FBerlin%00', '%E2%80%AE']) {
      expect(wordsOf(await s.get(`/messages/assets/messaging-words.js?l=fr&tz=${zone}`).expect(200)), zone).toEqual(french);
    }
  });

  it('hostile query values: bounded, never reflected, repeated parameters ignored', async () => {
    const s = server();
    const english = wordsOf(await s.get(s.href('en')).expect(200));
    const hostile = [
      `l=${encodeURIComponent('<script>alert(1)</script>')}&tz=${encodeURIComponent('"};alert(1)//')}`,
      `l=${'de-'.repeat(400)}de`,
      `l=de&l=fr&tz=UTC&tz=Europe/Berlin`,
      `l[toString]=de&tz[0]=UTC`,
      `l=${encodeURIComponent('\u2028\u2029')}&tz=${encodeURIComponent('\u0000')}`,
      `tz=${'Europe/Berlin'.repeat(50)}`,
    ];
    for (const query of hostile) {
      const res = await s.get(`/messages/assets/messaging-words.js?${query}&v=${'x'.repeat(2000)}`).expect(200);
      expect(wordsOf(res), query).toEqual(english);
      expect(res.text, query).not.toMatch(/alert|<script|\u2028|\u2029|xxxx/);
      expect(res.headers['cache-control'], query).toBe('public, max-age=0, must-revalidate');
    }
    // A zone too long to be a zone is UTC, even with German words.
    expect(wordsOf(await s.get(`/messages/assets/messaging-words.js?l=de&tz=${'A/'.repeat(40)}Berlin`).expect(200))).toMatchObject({ locale: 'de', timeZone: 'UTC' });
  });

  it('stays one valid classic script when a host string holds line separators or a closing tag', async () => {
    const s = server({ strings: { en: { messages: { messageEdited: 'a\u2028b\u2029c</script><!--' } } } });
    const res = await s.get(s.href('en')).expect(200);
    expect(res.text).not.toMatch(/[\u2028\u2029]/);
    expect(wordsOf(res).messages['messages.messageEdited']).toBe('a\u2028b\u2029c</script><!--');
  });
});
