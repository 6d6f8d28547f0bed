/**
 * The page's words: the server puts the member's on the script's own tag
 * (`data-messaging-strings`, JSON in an attribute: no inline script, so a strict
 * Content-Security-Policy needs nothing more); a tag without them gets English in UTC
 * (./live-words.ts).
 */
import { createLiveStrings, type LiveStrings } from './live-words.js';

let current: LiveStrings<Node> | null = null;

/** The element holding the page's words: the running script's own tag, else the first tag that has them. */
function stringsSource(script: HTMLOrSVGScriptElement | null): Element | null {
  if (script?.hasAttribute('data-messaging-strings')) return script;
  return document.querySelector('[data-messaging-strings]');
}

/**
 * Reads the page's words once; call it while the script first runs, when
 * `document.currentScript` is its own tag. Later calls give what was read.
 */
export function readLiveStrings(script: HTMLOrSVGScriptElement | null = null): LiveStrings<Node> {
  if (current) return current;
  let given: unknown = null;
  try {
    given = JSON.parse(stringsSource(script)?.getAttribute('data-messaging-strings') ?? 'null');
  } catch {
    // A broken attribute (a host's template, a proxy's rewrite): English.
  }
  current = createLiveStrings<Node>(given);
  return current;
}

/** The page's words (read on first use if the script did not read them at start). */
export function liveStrings(): LiveStrings<Node> {
  return current ?? readLiveStrings();
}
