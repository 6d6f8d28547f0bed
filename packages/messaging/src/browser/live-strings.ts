/**
 * The page's words: the server serves the member's as a script of their own
 * (`<mount>/assets/messaging-words.js?l=&tz=&v=`, deferred before this one, so it has run
 * when this starts), which leaves them under a registered symbol. A tag that still carries
 * them in `data-messaging-strings` (JSON in an attribute, as the server wrote them before:
 * a host's old template or a copied tag) keeps working. No inline script either way, so a
 * strict Content-Security-Policy needs nothing more. Without words: English in UTC (./live-words.ts).
 */
import { createLiveStrings, type LiveStrings } from './live-words.js';

/** Where the words script leaves the words: the server's LIVE_WORDS_KEY (views/partials/live-strings.ts). */
const SERVED_WORDS = Symbol.for('@org/messaging/live-words');

let current: LiveStrings<Node> | null = null;

/** The words from an attribute, or undefined when there is none or it is broken. */
function fromAttribute(element: Element | null | undefined): unknown {
  const text = element?.getAttribute('data-messaging-strings');
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A broken attribute (a host's template, a proxy's rewrite): the next source, else English.
    return undefined;
  }
}

/**
 * The page's words: on the running script's own tag (an old tag the host kept), else from
 * the words script, else on the first tag that has them, else none.
 */
function givenWords(script: HTMLOrSVGScriptElement | null): unknown {
  return fromAttribute(script) ?? (self as unknown as Record<symbol, unknown>)[SERVED_WORDS] ?? fromAttribute(document.querySelector('[data-messaging-strings]')) ?? null;
}

/**
 * Reads the page's words once; call it while the script first runs, when
 * `document.currentScript` is its own tag. Later calls give what was read.
 */
export function readLiveStrings(script: HTMLOrSVGScriptElement | null = null): LiveStrings<Node> {
  current ??= createLiveStrings<Node>(givenWords(script));
  return current;
}

/** The page's words (read on first use if the script did not read them at start). */
export function liveStrings(): LiveStrings<Node> {
  return current ?? readLiveStrings();
}
