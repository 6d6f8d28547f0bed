import type { Request } from 'express';
import { z } from 'zod';
import { en } from './catalogue/locales/en/index.js';
import type { StringOverrides } from './catalogue/locales/index.js';

/** The options that choose each member's language and time zone, and the host's own words. */
export interface LocalizationOptions {
  /**
   * The member's locale, a BCP 47 tag (`'de'`, `'pt-BR'`, `'de-AT'`), for example from their
   * profile; null or undefined: the best of the available locales for the browser's
   * `Accept-Language`. A tag without a catalogue gets its language's (`'de-AT'` → German
   * words, Austrian dates), else the default.
   * @default undefined (from Accept-Language)
   * @example locale: (req) => req.user?.language
   */
  locale?: (req: Request) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * The member's IANA time zone (`'Europe/Berlin'`); times on the pages are shown in it. An
   * unknown zone, null or undefined: UTC.
   * @default undefined (UTC)
   * @example timeZone: (req) => req.user?.timeZone
   */
  timeZone?: (req: Request) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * The locale when neither `locale(req)` nor the browser names an available one.
   * @default 'en'
   */
  defaultLocale?: string;
  /**
   * Your words: per locale, any message of the catalogue (docs/make-it-yours.md lists them).
   * For a shipped locale (`en`, `de`, `fr`, `es`, `pt-BR`, `ar`) they replace its own; another
   * tag adds that locale, with English for the messages it does not give.
   * @example strings: { en: { conversations: { inboxHeading: 'Inbox' } } }
   */
  strings?: StringOverrides;
}

const fn = (example: string) => z.custom<(...args: any[]) => any>((v) => typeof v === 'function', { message: `must be a function, for example ${example}` });

const localeTag = z.string().refine((tag) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, "must be a BCP 47 language tag such as 'de' or 'pt-BR'");

const message = z.union([
  z.string(),
  z.object({ zero: z.string(), one: z.string(), two: z.string(), few: z.string(), many: z.string(), other: z.string() }).partial().required({ other: true }).strict(),
]);

/** The zod shapes of these options, spread into the factory's schema. */
export const localizationOptionShapes = {
  locale: fn("(req) => req.user?.language ?? 'en'").optional(),
  timeZone: fn("(req) => req.user?.timeZone ?? 'Europe/Berlin'").optional(),
  defaultLocale: localeTag.optional(),
  strings: z
    .record(localeTag, z.record(z.string(), z.record(z.string(), message)))
    .superRefine((strings, check) => {
      // A host without TypeScript learns of a misspelt key here, not from English on the page.
      for (const [locale, sections] of Object.entries(strings)) {
        for (const [section, messages] of Object.entries(sections)) {
          const known = (en as Record<string, Record<string, unknown>>)[section];
          if (!known) {
            check.addIssue({ code: 'custom', path: [locale, section], message: `names no section of the catalogue; the sections are ${Object.keys(en).join(', ')}` });
            continue;
          }
          for (const key of Object.keys(messages)) {
            if (!(key in known))
              check.addIssue({ code: 'custom', path: [locale, section, key], message: `names no message of section "${section}" (docs/make-it-yours.md lists them)` });
          }
        }
      }
    })
    .optional(),
};
