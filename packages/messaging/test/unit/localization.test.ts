import express, { type Request } from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import type { HttpContext } from '../../src/http/http-context.js';
import { translatorFor } from '../../src/http/host/request-translator.js';
import type { MessagingOptions } from '../../src/options.js';
import type { StringOverrides } from '../../src/catalogue/locales/index.js';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { PSEUDO_LOCALE } from '../../src/views/i18n/pseudo-locale.js';

/*
 * Issue 15: which words and which zone a member gets. The host's locale(req), then the browser's
 * Accept-Language among the available locales, then the default; the zone from timeZone(req), else
 * UTC; the host's own words per locale, checked at the factory.
 */

const JANUARY = '2026-01-15T12:30:00.000Z';
const JULY = '2026-07-15T12:30:00.000Z';

interface Resolved {
  locale: string;
  dir: string;
  timeZone: string;
  notFound: string;
  date: string;
}

/**
 * A request through express (its real Accept-Language parsing) to the HTTP layer's
 * `translatorFor`, with the options the host gave; answers what the page would be made with.
 */
async function resolveFor(options: Pick<MessagingOptions, 'locale' | 'timeZone' | 'defaultLocale' | 'strings'>, acceptLanguage?: string) {
  const warn = vi.fn();
  const ctx = {
    options,
    logger: { info: () => {}, warn, error: () => {} },
    localization: createLocalization({ defaultLocale: options.defaultLocale, strings: options.strings }),
  } as unknown as HttpContext;
  const app = express();
  app.get('/', async (req: Request, res) => {
    const i18n = await translatorFor(ctx, req);
    res.json({ locale: i18n.locale, dir: i18n.dir, timeZone: i18n.timeZone, notFound: i18n.t('errors.not_found'), date: i18n.dateTime(JANUARY) } satisfies Resolved);
  });
  const test = request(app).get('/');
  const res = await (acceptLanguage === undefined ? test : test.set('Accept-Language', acceptLanguage));
  expect(res.status).toBe(200);
  return { ...(res.body as Resolved), warn };
}

const GERMAN_NOT_FOUND = 'Nicht gefunden.';

describe('Accept-Language, when the host does not choose', () => {
  it("'de-AT' gets German words with Austrian dates (Jänner, not Januar)", async () => {
    const got = await resolveFor({}, 'de-AT,de;q=0.9,en;q=0.5');
    expect(got.notFound).toBe(GERMAN_NOT_FOUND);
    expect(got.locale).toBe('de-AT');
    expect(got.date).toContain('Jän');
    // Germany's German says Januar: the difference is the region, not the words.
    expect((await resolveFor({}, 'de')).date).toContain('Jan.');
    expect((await resolveFor({}, 'de')).date).not.toContain('Jän');
  });

  it("'pt' and 'pt-PT' get Brazilian Portuguese, the one Portuguese shipped", async () => {
    for (const header of ['pt', 'pt-PT', 'pt-PT,pt;q=0.9']) {
      const got = await resolveFor({}, header);
      expect(got.notFound, header).toBe((await resolveFor({ locale: () => 'pt-BR' })).notFound);
      expect(got.locale.startsWith('pt'), header).toBe(true);
    }
    expect((await resolveFor({}, 'pt-BR')).locale).toBe('pt-BR');
  });

  it('follows the q-values: the first language the member ranks highest that is shipped', async () => {
    expect((await resolveFor({}, 'ja, fr-CA;q=0.8, de;q=0.9')).notFound).toBe(GERMAN_NOT_FOUND);
    expect((await resolveFor({}, 'ja, fr;q=0.9, de;q=0.8')).locale).toBe('fr');
  });

  it('an unknown language, a wildcard, nonsense or no header: the default locale (English unless set)', async () => {
    for (const header of ['ja', 'xx-YY', '*', ';;;', undefined]) {
      const got = await resolveFor({}, header);
      expect(got.locale, String(header)).toBe('en');
      expect(got.notFound, String(header)).toBe('Not found.');
    }
    expect((await resolveFor({ defaultLocale: 'de' }, 'ja')).notFound).toBe(GERMAN_NOT_FOUND);
    expect((await resolveFor({ defaultLocale: 'de' })).locale).toBe('de');
  });

  it('Arabic reads right to left; every other shipped locale left to right', async () => {
    expect((await resolveFor({}, 'ar')).dir).toBe('rtl');
    expect((await resolveFor({}, 'ar-EG')).dir).toBe('rtl');
    for (const header of ['en', 'de', 'fr', 'es', 'pt-BR']) expect((await resolveFor({}, header)).dir, header).toBe('ltr');
  });

  it('the pseudo-locale is never chosen by a browser', async () => {
    const got = await resolveFor({}, 'en-XA');
    expect(got.locale).not.toBe(PSEUDO_LOCALE);
    expect(got.notFound).toBe('Not found.');
  });
});

describe('locale(req)', () => {
  it("wins over Accept-Language; a tag without a catalogue gets its language's words ('de-CH')", async () => {
    expect((await resolveFor({ locale: () => 'fr' }, 'de')).locale).toBe('fr');
    const swiss = await resolveFor({ locale: async () => 'de-CH' }, 'fr');
    expect(swiss.locale).toBe('de-CH');
    expect(swiss.notFound).toBe(GERMAN_NOT_FOUND);
  });

  it('null, blank or a language not available: Accept-Language decides', async () => {
    for (const answer of [null, undefined, '', '  ', 'ja', 'not a tag!']) {
      expect((await resolveFor({ locale: () => answer }, 'es')).locale, String(answer)).toBe('es');
    }
  });

  it('a callback that throws or rejects: the page comes in the browser language, and the host is told once', async () => {
    const thrown = await resolveFor(
      {
        locale: () => {
          throw new Error('profile store down');
        },
      },
      'es',
    );
    expect(thrown.locale).toBe('es');
    expect(thrown.warn).toHaveBeenCalledTimes(1);
    expect(String(thrown.warn.mock.calls[0]?.[1])).toMatch(/locale\(req\)/);
    const rejected = await resolveFor({ locale: () => Promise.reject(new Error('down')) });
    expect(rejected.locale).toBe('en');
  });
});

describe('timeZone(req)', () => {
  it('shows times in the zone the host names, with the offset of that date (CET in winter, CEST in summer)', async () => {
    const got = await resolveFor({ locale: () => 'de', timeZone: () => 'Europe/Berlin' });
    expect(got.timeZone).toBe('Europe/Berlin');
    expect(got.date).toMatch(/13:30/);
    expect(got.date).toMatch(/MEZ|CET|GMT\+1/);
    const summer = createLocalization({}).translator('en', 'Europe/Berlin').dateTime(JULY);
    expect(summer).toMatch(/14:30/);
    expect(summer).toMatch(/CEST|GMT\+2/);
  });

  it('no callback, an unknown zone, a blank answer or a throwing callback: UTC', async () => {
    expect((await resolveFor({})).timeZone).toBe('UTC');
    expect((await resolveFor({ timeZone: () => 'Mars/Olympus_Mons' })).timeZone).toBe('UTC');
    expect((await resolveFor({ timeZone: async () => ' ' })).timeZone).toBe('UTC');
    const thrown = await resolveFor({
      timeZone: () => {
        throw new Error('no zone');
      },
    });
    expect(thrown.timeZone).toBe('UTC');
    expect(thrown.date).toMatch(/12:30/);
    expect(thrown.warn).toHaveBeenCalledTimes(1);
  });

  it("a member's next page reuses their words and zone: the same answers, no zone checked again", () => {
    const localization = createLocalization({});
    const first = localization.translator('de-AT', 'Europe/Berlin');
    const unknown = localization.translator('de', 'Mars/Olympus_Mons');
    // Checking a zone builds an Intl.DateTimeFormat; locals() asks on every host page.
    const formats = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(localization.translator('de-AT', 'Europe/Berlin')).toBe(first);
      expect(localization.translator('de', 'Mars/Olympus_Mons')).toBe(unknown);
      expect(formats).not.toHaveBeenCalled();
    } finally {
      formats.mockRestore();
    }
    expect(unknown.timeZone).toBe('UTC');
    expect(first.dateTime(JANUARY)).toMatch(/13:30/);
    expect(localization.translator('de', 'Europe/Berlin')).not.toBe(first);
  });

  it('a zone far from UTC moves the date itself', () => {
    const late = '2026-03-01T23:30:00.000Z';
    expect(createLocalization({}).translator('en', 'Pacific/Auckland').dateTime(late)).toMatch(/^2 Mar 2026/);
    expect(createLocalization({}).translator('en', 'UTC').dateTime(late)).toMatch(/^1 Mar 2026/);
  });
});

describe('strings: the host’s own words', () => {
  const base = { database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: () => null } as const;

  it('replace a shipped message per locale and leave the others', async () => {
    const strings: StringOverrides = { de: { errors: { not_found: 'Gibt es nicht.' } } };
    expect((await resolveFor({ strings, locale: () => 'de' })).notFound).toBe('Gibt es nicht.');
    const german = createLocalization({ strings }).translator('de');
    expect(german.t('errors.forbidden')).toBe(createLocalization({}).translator('de').t('errors.forbidden'));
    expect((await resolveFor({ strings, locale: () => 'fr' })).notFound).not.toBe('Gibt es nicht.');
  });

  it("a host's own locale ('it') is available from Accept-Language, English filling each message it lacks", async () => {
    const strings: StringOverrides = { it: { errors: { not_found: 'Non trovato.' } } };
    const got = await resolveFor({ strings }, 'it-IT,it;q=0.9');
    expect(got.locale.startsWith('it')).toBe(true);
    expect(got.notFound).toBe('Non trovato.');
    const italian = createLocalization({ strings }).translator('it');
    expect(italian.t('errors.forbidden')).toBe(english().t('errors.forbidden'));
    expect(italian.dir).toBe('ltr');
  });

  it('are typed: a misspelt section or key fails the host’s type-check', () => {
    const typed: MessagingOptions['strings'] = {
      en: { errors: { not_found: 'Nothing here.' } },
      // @ts-expect-error `erors` is no section of the catalogue
      de: { erors: { not_found: 'Nichts.' } },
    };
    const misspeltKey: MessagingOptions['strings'] = {
      // @ts-expect-error `notFound` is no message of the errors section
      fr: { errors: { notFound: 'Rien.' } },
    };
    const plural: MessagingOptions['strings'] = {
      // @ts-expect-error a plural message takes its forms, not a plain text
      en: { common: { others: 'more' } },
    };
    expect([typed, misspeltKey, plural]).toHaveLength(3);
  });

  it('an unknown section or key is refused at the factory, naming it', () => {
    const make = (strings: unknown) => () => createMessaging({ ...base, strings } as never);
    expect(make({ de: { erors: { not_found: 'Nichts.' } } })).toThrow(TypeError);
    expect(make({ de: { erors: { not_found: 'Nichts.' } } })).toThrow(/strings\.de\.erors.*no section.*errors/s);
    expect(make({ fr: { errors: { notFound: 'Rien.' } } })).toThrow(/strings\.fr\.errors\.notFound.*no message of section "errors"/s);
    expect(make({ 'not a tag!': { errors: { not_found: 'x' } } })).toThrow(/strings/);
    expect(make({ en: { common: { others: { one: 'one more' } } } })).toThrow(/strings\.en\.common\.others/);
    expect(make({ en: { errors: { not_found: 'Nothing here.' } }, it: { errors: { not_found: 'Non trovato.' } } })).not.toThrow();
  });

  it('defaultLocale must be a language tag', () => {
    expect(() => createMessaging({ ...base, defaultLocale: 'de' })).not.toThrow();
    expect(() => createMessaging({ ...base, defaultLocale: 'not a tag!' } as never)).toThrow(/defaultLocale/);
  });
});

describe('the pseudo-locale en-XA', () => {
  const pseudo = createLocalization({}).translator(PSEUDO_LOCALE);

  it('accents and brackets every message, keeping placeholders, plurals and HTML values', () => {
    expect(pseudo.locale).toBe(PSEUDO_LOCALE);
    expect(pseudo.dir).toBe('ltr');
    const text = pseudo.t('errors.not_found');
    expect(text).toMatch(/^⟦.+⟧$/);
    expect(text).not.toMatch(/[a-zA-Z]/);
    expect(pseudo.t('common.others', { count: 1 })).toMatch(/^⟦1 .+⟧$/);
    expect(pseudo.t('common.others', { count: 3 })).toMatch(/^⟦3 .+⟧$/);
    expect(pseudo.t('common.timeInZone', { time: '10:00', zone: 'UTC' })).toBe('⟦10:00 (UTC)⟧');
  });

  it('follows the host’s English words (a host checks its own overrides with it)', () => {
    const own = createLocalization({ strings: { en: { errors: { not_found: 'Nothing here.' } } } }).translator(PSEUDO_LOCALE);
    expect(own.t('errors.not_found')).toBe('⟦Ƞǿŧħīƞɠ ħḗřḗ.⟧');
  });

  it('is what locale(req) can ask for', async () => {
    const got = await resolveFor({ locale: () => PSEUDO_LOCALE }, 'de');
    expect(got.locale).toBe(PSEUDO_LOCALE);
    expect(got.notFound).toMatch(/^⟦.*⟧$/);
  });
});
