/**
 * The live script's words, numbers and times in the member's language, from what the server
 * gave (`{ locale, timeZone, messages }`, made by views/partials/live-strings.ts from the
 * catalogue, the host's `strings` included); English in UTC built in. Plural forms are picked
 * with `Intl.PluralRules`, as the server's translator does. No DOM here (./live-strings.ts
 * reads the page): `N` is the type of the nodes (`<bdi>` names) put into sentences.
 */

/** A message in plural forms, one per CLDR category (as src/catalogue/catalogue.ts). */
interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
type Message = string | Plural;

/**
 * The English built in: a copy of the catalogue's messages the script shows, by the keys the
 * server uses (views/partials/live-strings.ts: the `live` section and the keys of the pages it
 * draws like), since the script is built on its own and imports nothing of the server; a unit
 * test keeps the copy equal to src/catalogue/locales/en.
 */
export const ENGLISH_STRINGS = {
  'live.announceMessage': 'New message from {name}',
  'live.announceUnread': { one: '{count} unread message', other: '{count} unread messages' },
  'live.announceNoMatch': 'No member matches',
  'live.announceFound': { one: '{count} member found', other: '{count} members found' },
  'partials.navLinkLabel': 'Messages',
  'partials.navLinkUnread': { one: '{label}, {count} unread message', other: '{label}, {count} unread messages' },
  'common.conversation': 'Conversation',
  'messages.threadWith': 'With {names}',
  'messages.messageDeletedUser': 'Deleted user',
  'messages.messageReport': 'Report',
  'messages.messageEdit': 'Edit',
  'messages.messageDelete': 'Delete',
  'messages.messageEdited': 'edited',
  'messages.messageDeleted': 'Message deleted',
  'messages.systemMembersAdded': '{name} added {names}',
  'messages.systemRenamed': '{name} renamed the conversation to “{subject}”',
  'messages.systemNameRemoved': "{name} removed the conversation's name",
  'messages.systemFormerMember': 'A former member',
  'messages.attachmentsLabel': 'Attachments',
  'messages.sizeBytes': { one: '{count} byte', other: '{count} bytes' },
  'messages.sizeKilobytes': '{size} KB',
  'messages.sizeMegabytes': '{size} MB',
  'messages.sizeGigabytes': '{size} GB',
  'conversations.composeWriteTo': 'Write to {name}',
  'conversations.composeAdd': 'Add {name}',
} satisfies Record<string, Message>;

/** A message the script shows. */
export type LiveKey = keyof typeof ENGLISH_STRINGS;

/** Values of a message's `{placeholders}`: text, a number (formatted; `count` picks the plural form) or a node (a `<bdi>` name). */
export type LiveParams<N> = Record<string, string | number | N>;

/** The words, numbers and times of one page. */
export interface LiveStrings<N extends object> {
  /** The locale the words are in (the page's `lang`). */
  readonly locale: string;
  /** A message as plain text (for `textContent`, `aria-label`, announcements). */
  text(key: LiveKey, params?: Record<string, string | number>): string;
  /** A message as text and nodes, for `element.append(...)`: names stay elements (`<bdi>`), never markup. */
  parts(key: LiveKey, params: LiveParams<N>): Array<string | N>;
  /** A number in the locale's digits. */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A time as the pages show it: in the member's zone, with the zone's name. */
  dateTime(iso: string): string;
  /** "Bob, Carol and Dave" in the locale's words, each item a node or text. */
  list(items: Array<string | N>): Array<string | N>;
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

function isMessage(value: unknown): value is Message {
  if (typeof value === 'string') return true;
  return typeof value === 'object' && value !== null && typeof (value as Plural).other === 'string' && Object.values(value).every((form) => typeof form === 'string');
}

function validLocale(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

function validZone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

/**
 * The words from what the server gave (the parsed attribute), English for anything missing or
 * malformed: a key the server lacks, a locale or zone `Intl` does not know.
 */
export function createLiveStrings<N extends object>(given: unknown): LiveStrings<N> {
  const data = typeof given === 'object' && given !== null ? (given as { locale?: unknown; timeZone?: unknown; messages?: unknown }) : {};
  const messages: Record<string, Message> = { ...ENGLISH_STRINGS };
  if (typeof data.messages === 'object' && data.messages !== null) {
    for (const key of Object.keys(ENGLISH_STRINGS)) {
      const message = (data.messages as Record<string, unknown>)[key];
      if (isMessage(message)) messages[key] = message;
    }
  }
  const locale = validLocale(data.locale) ?? 'en';
  const timeZone = validZone(data.timeZone) ?? 'UTC';
  // As the server's translator: 'en' reads dates day first (international English).
  const formatLocale = locale === 'en' ? 'en-GB' : locale;
  const plurals = new Intl.PluralRules(formatLocale);
  const numbers = new Intl.NumberFormat(formatLocale);
  const dates = new Intl.DateTimeFormat(formatLocale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  const lists = new Intl.ListFormat(formatLocale, { type: 'conjunction' });

  const textOf = (key: LiveKey, params: LiveParams<N> | undefined): string => {
    const message = messages[key] ?? key;
    if (typeof message === 'string') return message;
    const count = Number(params?.count ?? 0);
    return message[plurals.select(count)] ?? message.other;
  };
  const show = (value: string | number | N): string | N => (typeof value === 'number' ? numbers.format(value) : value);

  function parts(key: LiveKey, params: LiveParams<N>): Array<string | N> {
    const text = textOf(key, params);
    const out: Array<string | N> = [];
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const value = params[match[1] as string];
      if (match.index > last) out.push(text.slice(last, match.index));
      out.push(value === undefined ? match[0] : show(value));
      last = match.index + match[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  return {
    locale,
    text(key, params) {
      const text = textOf(key, params);
      return params ? text.replace(PLACEHOLDER, (whole, name: string) => (params[name] === undefined ? whole : String(show(params[name] as string | number)))) : text;
    },
    parts,
    number: (value, options) => (options ? new Intl.NumberFormat(formatLocale, options).format(value) : numbers.format(value)),
    dateTime(iso) {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dates.format(date);
    },
    list(items) {
      // Formats placeholders, then puts each item where its placeholder went.
      return lists
        .formatToParts(items.map((_, i) => `\u0000${i}\u0000`))
        .map((part) => (part.type === 'element' ? (items[Number(part.value.slice(1, -1))] as string | N) : part.value));
    },
  };
}
