import type { MessageKey, Translator } from '../i18n/translator.js';
import { SHIPPED_CATALOGUES } from '../../catalogue/locales/index.js';
import { html, type SafeHtml } from '../text/escape-html.js';

/**
 * The catalogue keys the live script shows (src/browser/live-strings.ts has them built in, in
 * English): its own `live` section (announcements), and the keys of the server's pages for
 * what it draws like them (the nav link, a message, system lines, the thread's header, files,
 * the recipient picker's suggestions): one key per word, so a change shown live reads as
 * the page does after a reload, and a host's `strings` for it reach both.
 */
export const LIVE_SCRIPT_KEYS: readonly MessageKey[] = [
  ...Object.keys(SHIPPED_CATALOGUES.en.live).map((key) => `live.${key}` as MessageKey),
  'partials.navLinkLabel',
  'partials.navLinkUnread',
  'common.conversation',
  'messages.threadWith',
  'messages.messageDeletedUser',
  'messages.messageReport',
  'messages.messageEdit',
  'messages.messageDelete',
  'messages.messageEdited',
  'messages.messageDeleted',
  'messages.systemMembersAdded',
  'messages.systemRenamed',
  'messages.systemNameRemoved',
  'messages.systemFormerMember',
  'messages.attachmentsLabel',
  'messages.sizeBytes',
  'messages.sizeKilobytes',
  'messages.sizeMegabytes',
  'messages.sizeGigabytes',
  'conversations.composeWriteTo',
  'conversations.composeAdd',
];

const made = new WeakMap<Translator, string>();

/**
 * The live script's words for one member, as JSON: `{ locale, timeZone, messages }`, the
 * messages by `section.key` as the catalogue holds them (plural forms unresolved: the script
 * picks them with `Intl.PluralRules`), with the host's own `strings`. Made once per translator.
 */
export function liveStringsJson(i18n: Translator): string {
  let json = made.get(i18n);
  if (json === undefined) {
    json = JSON.stringify({ locale: i18n.locale, timeZone: i18n.timeZone, messages: Object.fromEntries(LIVE_SCRIPT_KEYS.map((key) => [key, i18n.message(key)])) });
    made.set(i18n, json);
  }
  return json;
}

/**
 * Where the words script leaves the member's words for the page script:
 * `self[Symbol.for(LIVE_WORDS_KEY)]` (src/browser/live-strings.ts reads the same key; a
 * registered symbol, so no host global can clash with it).
 */
export const LIVE_WORDS_KEY = '@org/messaging/live-words';

const scripts = new WeakMap<Translator, string>();

/**
 * The words script for one member: a classic script (served from `<mount>/assets/messaging-words.js`,
 * never inline, so it runs under a Content-Security-Policy without 'unsafe-inline') that
 * hands {@link liveStringsJson} to the page script, which runs after it (both deferred, in
 * document order). Made once per translator.
 */
export function liveWordsScript(i18n: Translator): string {
  let script = scripts.get(i18n);
  if (script === undefined) {
    // JSON is a JavaScript expression, except that older engines end a string at U+2028/U+2029.
    const words = liveStringsJson(i18n)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
    script = `self[Symbol.for(${JSON.stringify(LIVE_WORDS_KEY)})]=${words};\n`;
    scripts.set(i18n, script);
  }
  return script;
}

/**
 * `<script src="<words>" defer></script><script src="<script>" defer></script>`: the member's
 * words, then the page script that reads them. Short and the same for every page of a member
 * (the words are a cached asset of their own); no inline script.
 */
export function liveScriptTags(wordsSrc: string, scriptSrc: string): SafeHtml {
  return html`<script src="${wordsSrc}" defer></script><script src="${scriptSrc}" defer></script>`;
}
