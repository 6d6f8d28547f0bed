import { html, SafeHtml, escapeHtml } from '../text/escape-html.js';
import type { KeyOf, Message } from '../../catalogue/catalogue.js';
import type { Catalogue } from '../../catalogue/locales/index.js';

/** `section.key` of a message in the catalogue. */
export type MessageKey = KeyOf<Catalogue>;

/** Values for a message's `{placeholders}`; `count` also picks the plural form. */
export type MessageParams = Record<string, string | number>;

/** Values for {@link Translator.html}: plain values are escaped, {@link SafeHtml} goes in as it is. */
export type HtmlParams = Record<string, string | number | SafeHtml>;

/**
 * Words, numbers and times for one member: their locale's catalogue (with the host's
 * overrides) and their time zone. Made per request by the HTTP layer; views only read it.
 */
export interface Translator {
  /** The locale the words come from, a BCP 47 tag (`'pt-BR'`): the pages' `lang`. */
  readonly locale: string;
  /** The writing direction of the locale: the pages' `dir`. */
  readonly dir: 'ltr' | 'rtl';
  /** The IANA time zone times are shown in (`'Europe/Berlin'`). */
  readonly timeZone: string;
  /** A message as plain text (escape it where it goes into HTML: eta's `<%= %>` does). */
  t(key: MessageKey, params?: MessageParams): string;
  /** A message as HTML: its own text and plain values escaped, {@link SafeHtml} values as they are. */
  html(key: MessageKey, params?: HtmlParams): SafeHtml;
  /** A message as the catalogue holds it (plural forms unresolved): for the live script, which picks the form itself. */
  message(key: MessageKey): Message;
  /** A date and time in the member's zone, with the zone: "1 Dec 2026, 14:05 CET". */
  dateTime(iso: string): string;
  /** "5 minutes ago" within the last week, else {@link dateTime}. */
  relativeTime(iso: string, now: Date): string;
  /** A number in the locale's digits and grouping. */
  number(value: number): string;
  /** "Bob, Carol and Dave" in the locale's words (`Intl.ListFormat`). */
  list(items: readonly string[]): string;
  /** {@link list} for markup: each item is already-escaped HTML (a `<bdi>` name, say). */
  listHtml(items: readonly SafeHtml[]): SafeHtml;
}

/** How a {@link Translator} is made: the catalogue already merged for its locale. */
export interface TranslatorInput {
  locale: string;
  /** Where the words come from (the locale's shipped catalogue with the host's overrides). */
  catalogue: Catalogue;
  /** The English catalogue: a message the locale's lacks (a host's own locale) comes from here. */
  fallback: Catalogue;
  dir: 'ltr' | 'rtl';
  timeZone: string;
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;
const SECOND = 1000;
const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/** Builds a {@link Translator}; its `Intl` formatters are made once and reused for every call. */
export function createTranslator(input: TranslatorInput): Translator {
  const { locale, catalogue, fallback, dir, timeZone } = input;
  // 'en' reads dates day first (international English); any other tag formats as itself.
  const formatLocale = locale === 'en' ? 'en-GB' : locale;
  const plurals = new Intl.PluralRules(formatLocale);
  const numbers = new Intl.NumberFormat(formatLocale);
  const dates = new Intl.DateTimeFormat(formatLocale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const relative = new Intl.RelativeTimeFormat(formatLocale, { numeric: 'auto' });
  const lists = new Intl.ListFormat(formatLocale, { type: 'conjunction' });

  const messageOf = (key: MessageKey): Message => {
    const dot = key.indexOf('.');
    const section = key.slice(0, dot) as keyof Catalogue;
    const name = key.slice(dot + 1);
    const own = (catalogue[section] as Record<string, Message> | undefined)?.[name];
    return own ?? (fallback[section] as Record<string, Message>)[name] ?? key;
  };
  const textOf = (key: MessageKey, params: MessageParams | HtmlParams | undefined): string => {
    const message = messageOf(key);
    if (typeof message === 'string') return message;
    const count = Number(params?.count ?? 0);
    return message[plurals.select(count)] ?? message.other;
  };
  const show = (value: string | number): string => (typeof value === 'number' ? numbers.format(value) : value);

  return {
    locale,
    dir,
    timeZone,
    t(key, params) {
      const text = textOf(key, params);
      return params ? text.replace(PLACEHOLDER, (whole, name: string) => (params[name] === undefined ? whole : show(params[name] as string | number))) : text;
    },
    html(key, params) {
      const text = textOf(key, params);
      let out = '';
      let last = 0;
      for (const match of text.matchAll(PLACEHOLDER)) {
        out += escapeHtml(text.slice(last, match.index));
        const value = params?.[match[1] as string];
        out += value === undefined ? escapeHtml(match[0]) : value instanceof SafeHtml ? value.html : escapeHtml(show(value));
        last = (match.index ?? 0) + match[0].length;
      }
      return new SafeHtml(out + escapeHtml(text.slice(last)));
    },
    message: messageOf,
    dateTime(iso) {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dates.format(date);
    },
    relativeTime(iso, now) {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      let amount = (date.getTime() - now.getTime()) / SECOND;
      for (const [unit, size] of RELATIVE_STEPS) {
        if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
        amount /= size;
      }
      return dates.format(date);
    },
    number: (value) => numbers.format(value),
    list: (items) => lists.format(items),
    listHtml(items) {
      // Formats placeholders, then puts each item's markup where its placeholder went.
      const parts = lists.formatToParts(items.map((_, i) => `\u0000${i}\u0000`));
      return html`${parts.map((part) => (part.type === 'element' ? (items[Number(part.value.slice(1, -1))] as SafeHtml) : part.value))}`;
    },
  };
}
