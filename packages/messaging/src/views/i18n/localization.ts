import { type Catalogue, type CatalogueOverrides, RTL_LANGUAGES, SHIPPED_CATALOGUES, type StringOverrides } from '../../catalogue/locales/index.js';
import { PSEUDO_LOCALE, pseudoCatalogue } from './pseudo-locale.js';
import { createTranslator, type Translator } from './translator.js';

/** The locales an instance serves and a {@link Translator} for any of them. Built once per instance. */
export interface Localization {
  /** The locales a member can get from `Accept-Language`: the shipped ones and the host's own, the default first. */
  readonly available: readonly string[];
  /** The locale when neither the host nor the browser names one that is available. */
  readonly defaultLocale: string;
  /** The best available locale for a tag (`'de-AT'` → `'de'`), or undefined when none fits. */
  match(tag: string): string | undefined;
  /** Words and times for a locale and time zone; an unknown zone reads as UTC. */
  translator(locale: string, timeZone?: string | null): Translator;
}

const MAX_TRANSLATORS = 500;

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** Whether `Intl` knows the zone (`'Europe/Berlin'`, `'UTC'`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function merged(base: Catalogue, overrides: CatalogueOverrides | undefined): Catalogue {
  if (!overrides) return base;
  const out: Record<string, object> = {};
  for (const section of Object.keys(base) as Array<keyof Catalogue>) out[section] = { ...base[section], ...overrides[section] };
  return out as Catalogue;
}

/** Builds the instance's locales from the host's `defaultLocale` and `strings`. */
export function createLocalization(input: { defaultLocale?: string | undefined; strings?: StringOverrides | undefined }): Localization {
  const en = SHIPPED_CATALOGUES.en;
  const catalogues = new Map<string, Catalogue>();
  for (const [tag, catalogue] of Object.entries(SHIPPED_CATALOGUES)) catalogues.set(tag, merged(catalogue, input.strings?.[tag]));
  for (const [tag, overrides] of Object.entries(input.strings ?? {})) {
    const key = canonical(tag);
    if (key && !catalogues.has(key)) catalogues.set(key, merged(en, overrides));
  }
  catalogues.set(PSEUDO_LOCALE, pseudoCatalogue(catalogues.get('en') as Catalogue));
  const byLower = new Map([...catalogues.keys()].map((tag) => [tag.toLowerCase(), tag]));
  const match = (tag: string): string | undefined => {
    const key = canonical(tag)?.toLowerCase();
    if (!key) return undefined;
    if (byLower.has(key)) return byLower.get(key);
    const language = key.split('-')[0] as string;
    if (byLower.has(language)) return byLower.get(language);
    // 'pt' or 'pt-PT' with only 'pt-BR' shipped: the same language is better than English.
    return [...catalogues.keys()].find((t) => t !== PSEUDO_LOCALE && t.toLowerCase().split('-')[0] === language);
  };
  const defaultLocale = (input.defaultLocale && match(input.defaultLocale)) || 'en';
  const available = [defaultLocale, ...[...catalogues.keys()].filter((t) => t !== defaultLocale && t !== PSEUDO_LOCALE)];
  const translators = new Map<string, Translator>();
  // By the values as asked (a host's locale(req) and timeZone(req), a browser's tag): checking a
  // zone builds an Intl.DateTimeFormat (tens of µs), and locals() asks on every host page.
  const asked = new Map<string, Translator>();

  return {
    available,
    defaultLocale,
    match,
    translator(locale, timeZone) {
      const askedKey = `${locale}\u0000${timeZone ?? ''}`;
      const known = asked.get(askedKey);
      if (known) return known;
      const zone = timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
      const requested = canonical(locale) ?? defaultLocale;
      const key = `${requested}|${zone}`;
      let translator = translators.get(key);
      if (!translator) {
        const tag = match(requested) ?? defaultLocale;
        // Words from the matched catalogue; numbers and dates in the tag asked for (de-AT, en-US).
        const formatTag = tag === PSEUDO_LOCALE || tag.toLowerCase().split('-')[0] !== requested.toLowerCase().split('-')[0] ? tag : requested;
        translator = createTranslator({
          locale: formatTag,
          catalogue: catalogues.get(tag) as Catalogue,
          fallback: catalogues.get('en') as Catalogue,
          dir: RTL_LANGUAGES.has(formatTag.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr',
          timeZone: zone,
        });
        if (translators.size >= MAX_TRANSLATORS) translators.clear();
        translators.set(key, translator);
      }
      if (asked.size >= MAX_TRANSLATORS) asked.clear();
      asked.set(askedKey, translator);
      return translator;
    },
  };
}

let shipped: Localization | undefined;

/**
 * English in UTC, from the shipped catalogue without a host's words: for the exported
 * functions a host calls without a request (`renderNavLink`, …) and for tests.
 */
export function english(): Translator {
  shipped ??= createLocalization({});
  return shipped.translator('en', 'UTC');
}
