import { describe, expect, it } from 'vitest';
import type { Message, Plural } from '../../src/catalogue/catalogue.js';
import { type Catalogue, SHIPPED_CATALOGUES } from '../../src/catalogue/locales/index.js';

/*
 * Issue 15: every shipped locale is complete. The type makes each locale have every key; these
 * tests check what a type cannot: no empty message, the same {placeholders} as English, the plural
 * forms the language needs, and no English left in place of a translation.
 */

const en = SHIPPED_CATALOGUES.en as Catalogue;
const OTHERS = Object.entries(SHIPPED_CATALOGUES).filter(([tag]) => tag !== 'en') as Array<[string, Catalogue]>;

/**
 * Words a locale may keep as in English, compared with the message's placeholders left out
 * (`{size} KB` is `KB`): units and words the language shares with English. Keep it short; a
 * message of placeholders and punctuation only (`{time} ({zone})`) needs no entry.
 */
const UNITS = ['OK', 'KB', 'MB', 'GB'];
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  de: [...UNITS, 'Name', 'Status', 'Start', 'Admin', 'Moderation'],
  fr: [...UNITS, 'Conversation', 'conversation', 'conversations', 'Message', 'Messages', 'Notifications', 'Actions', 'Type', 'Total'],
  es: [...UNITS, 'byte', 'bytes'],
  'pt-BR': [...UNITS, 'byte', 'bytes'],
  ar: [...UNITS],
};

type Entry = { key: string; message: Message };

function entries(catalogue: Catalogue): Entry[] {
  return Object.entries(catalogue).flatMap(([section, messages]) =>
    Object.entries(messages as Record<string, Message>).map(([name, message]) => ({ key: `${section}.${name}`, message })),
  );
}

function messageAt(catalogue: Catalogue, key: string): Message | undefined {
  const [section, name] = key.split('.') as [string, string];
  return (catalogue as unknown as Record<string, Record<string, Message> | undefined>)[section]?.[name];
}

const texts = (message: Message): Array<[string, string]> => (typeof message === 'string' ? [['text', message]] : (Object.entries(message) as Array<[string, string]>));

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((m) => m[1] as string))].sort();

const placeholdersOf = (message: Message): string[] => [...new Set(texts(message).flatMap(([, text]) => placeholders(text)))].sort();

const withoutPlaceholders = (text: string): string => text.replace(/\{[a-zA-Z][a-zA-Z0-9]*\}/g, '').trim();

/** True for a message that shows no words of its own: placeholders, digits, punctuation, spaces. */
const wordless = (text: string): boolean => !/\p{L}/u.test(text.replace(/\{[a-zA-Z][a-zA-Z0-9]*\}/g, ''));

describe('the shipped catalogues', () => {
  it('ships the six locales of the issue, English defining the keys', () => {
    expect(Object.keys(SHIPPED_CATALOGUES).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'pt-BR']);
    expect(entries(en).length).toBeGreaterThan(0);
  });

  it('English has no empty message and gives the plural forms English uses', () => {
    const problems: string[] = [];
    const categories = new Intl.PluralRules('en').resolvedOptions().pluralCategories;
    for (const { key, message } of entries(en)) {
      for (const [form, text] of texts(message)) if (text.trim() === '') problems.push(`${key} (${form}) is empty`);
      if (typeof message !== 'string') {
        const missing = categories.filter((c) => !(c in message));
        if (missing.length) problems.push(`${key} lacks ${missing.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe.each(OTHERS)('%s', (tag, catalogue) => {
    it('has every key of English and no key English lacks', () => {
      const missing = entries(en)
        .filter(({ key }) => messageAt(catalogue, key) === undefined)
        .map(({ key }) => key);
      const extra = entries(catalogue)
        .filter(({ key }) => messageAt(en, key) === undefined)
        .map(({ key }) => key);
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it('has no empty message, and a plural where English has one', () => {
      const problems: string[] = [];
      for (const { key, message } of entries(en)) {
        const own = messageAt(catalogue, key);
        if (own === undefined) continue;
        if (typeof own !== typeof message) problems.push(`${key}: English is ${typeof message === 'string' ? 'a text' : 'plural forms'}, ${tag} is not`);
        for (const [form, text] of texts(own)) if (typeof text !== 'string' || text.trim() === '') problems.push(`${key} (${form}) is empty`);
      }
      expect(problems).toEqual([]);
    });

    it('keeps the {placeholders} of English', () => {
      const problems: string[] = [];
      for (const { key, message } of entries(en)) {
        const own = messageAt(catalogue, key);
        if (own === undefined) continue;
        const wanted = placeholdersOf(message);
        if (typeof own === 'string') {
          if (placeholders(own).join() !== wanted.join()) problems.push(`${key}: {${placeholders(own).join('}, {')}} instead of {${wanted.join('}, {')}}`);
          continue;
        }
        // A form for one exact number may say it in words ("two people"): only `count` may be left out there.
        for (const [form, text] of Object.entries(own) as Array<[keyof Plural, string]>) {
          const got = placeholders(text);
          const required = form === 'other' ? wanted : wanted.filter((p) => p !== 'count');
          const lacking = required.filter((p) => !got.includes(p));
          const unknown = got.filter((p) => !wanted.includes(p));
          if (lacking.length || unknown.length) problems.push(`${key} (${form}): lacks {${lacking.join('}, {')}}, unknown {${unknown.join('}, {')}}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('gives every plural form Intl.PluralRules uses for the language, and no other', () => {
      const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
      const problems: string[] = [];
      for (const { key, message } of entries(catalogue)) {
        if (typeof message === 'string') continue;
        const forms = Object.keys(message);
        const missing = categories.filter((c) => !forms.includes(c));
        const unused = forms.filter((f) => !(categories as string[]).includes(f));
        if (missing.length) problems.push(`${key} lacks ${missing.join(', ')}`);
        if (unused.length) problems.push(`${key} has ${unused.join(', ')}, which ${tag} never uses`);
      }
      expect(problems).toEqual([]);
    });

    it('translates every message (the same text as English only where the allow-list says so)', () => {
      const allowed = new Set(SAME_AS_ENGLISH[tag] ?? []);
      const untranslated: string[] = [];
      for (const { key, message } of entries(en)) {
        const own = messageAt(catalogue, key);
        if (own === undefined) continue;
        for (const [form, text] of texts(own)) {
          const english = typeof message === 'string' ? message : (message[form as keyof Plural] ?? message.other);
          if (text === english && !wordless(text) && !allowed.has(withoutPlaceholders(text)))
            untranslated.push(`${key}${form === 'text' ? '' : ` (${form})`}: ${JSON.stringify(text)}`);
        }
      }
      expect(untranslated).toEqual([]);
    });
  });
});
