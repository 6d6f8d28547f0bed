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
 * `<script src defer data-messaging-strings="…">`: the page script with the member's words in
 * an attribute of its own tag (escaped), which it reads once. No inline script, so it runs
 * under a Content-Security-Policy without 'unsafe-inline'.
 */
export function liveScriptTag(src: string, i18n: Translator): SafeHtml {
  return html`<script src="${src}" defer data-messaging-strings="${liveStringsJson(i18n)}"></script>`;
}
