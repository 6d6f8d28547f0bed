import type { Request, Response, Router } from 'express';
import type { Localization } from '../../views/i18n/localization.js';
import type { Translator } from '../../views/i18n/translator.js';
import { liveWordsScript } from '../../views/partials/live-strings.js';
import { type Asset, contentHash, sendAsset } from './assets.js';

/** The file name of the live script's words under a router's `/assets`. */
export const LIVE_WORDS_FILE = 'messaging-words.js';

/**
 * Limits on the query: a BCP 47 tag a browser or host sends is far shorter (`de-AT`,
 * `zh-Hant-TW`), and so is the longest IANA zone (`America/Argentina/ComodRivadavia`).
 */
const MAX_LOCALE_LENGTH = 35;
const MAX_ZONE_LENGTH = 64;

const assets = new WeakMap<Translator, Asset>();

/**
 * The words asset of one member's locale and zone, made once per translator. Its version is
 * the hash of its content: the same on every server for the same words, and another one
 * when a release or the host's `strings` change them.
 */
function liveWordsAsset(i18n: Translator): Asset {
  let asset = assets.get(i18n);
  if (asset === undefined) {
    const body = liveWordsScript(i18n);
    const version = contentHash(body);
    asset = { body, type: 'text/javascript; charset=utf-8', etag: `"${version}"`, version };
    assets.set(i18n, asset);
  }
  return asset;
}

/** A query value as the words asset reads it: '/' kept for readable zones (`Europe/Berlin`). */
const queryValue = (value: string) => encodeURIComponent(value).replaceAll('%2F', '/');

/**
 * The versioned URL of the words for a member under `base` (`<mount>/assets`):
 * `<base>/messaging-words.js?l=<locale>&tz=<zone>&v=<hash>`. The locale and zone are the
 * translator's own, which the route resolves to the same translator again.
 */
export function liveWordsHref(base: string, i18n: Translator): string {
  return `${base}/${LIVE_WORDS_FILE}?l=${queryValue(i18n.locale)}&tz=${queryValue(i18n.timeZone)}&v=${liveWordsAsset(i18n).version}`;
}

/** A query parameter given once, as text within its limit; anything else counts as absent. */
function bounded(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= max ? value : undefined;
}

/**
 * Adds `GET /assets/messaging-words.js?l=&tz=&v=` to a router: the live script's words in a
 * locale and time zone (what `liveStringsJson` holds, the host's `strings` included), cached
 * like the other assets (for a year under the current `v`, else revalidated). An unknown
 * locale gets the default locale's words, an unknown or malformed zone UTC; the answer holds
 * the matched catalogue's words, and the locale and zone only once `Intl` accepted them
 * (inside a JSON string).
 */
export function addLiveWordsRoute(router: Router, localization: Localization): void {
  router.get(`/assets/${LIVE_WORDS_FILE}`, function messagingLiveWords(req: Request, res: Response) {
    const asked = bounded(req.query.l, MAX_LOCALE_LENGTH);
    const locale = asked !== undefined && localization.match(asked) !== undefined ? asked : localization.defaultLocale;
    const i18n = localization.translator(locale, bounded(req.query.tz, MAX_ZONE_LENGTH));
    sendAsset(req, res, liveWordsAsset(i18n));
  });
}
