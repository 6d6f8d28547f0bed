/**
 * The shape of a string catalogue. Every word the pages, partials, the live script and the
 * notification mails show comes from one, section by section; the English one
 * (./locales/en/index.ts) defines the keys and every shipped locale has all of them (the type
 * checks it). Placeholders are `{name}`; a message whose wording depends on a number is a
 * {@link Plural}, chosen with `Intl.PluralRules` from the `count` parameter.
 */

/**
 * A message in plural forms, one per CLDR category the locale uses (English: `one`, `other`;
 * Arabic: `zero`, `one`, `two`, `few`, `many`, `other`). `other` is required; a missing
 * category falls back to it. `{count}` is the number, formatted for the locale.
 */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** One message: plain text with `{placeholders}`, or plural forms. */
export type Message = string | Plural;

/** Marks a catalogue entry as plural forms (keeps the type `Plural` for every locale). */
export function plural(forms: Plural): Plural {
  return forms;
}

/** A section of a catalogue: message keys to messages. */
export type Section = Record<string, Message>;

/** Widens a section's literal types (so another locale may word it differently). */
export type SectionShape<S> = { [K in keyof S]: S[K] extends string ? string : Plural };

/** Every section of a catalogue as a partial: what a host overrides for one locale. */
export type PartialCatalogue<C> = { [S in keyof C]?: { [K in keyof C[S]]?: C[S][K] } };

/** `section.key` for every message of a catalogue: a misspelt key fails the type-check. */
export type KeyOf<C> = { [S in keyof C & string]: `${S}.${keyof C[S] & string}` }[keyof C & string];
