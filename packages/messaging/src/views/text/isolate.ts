import type { Participant } from '../../services/conversations/types.js';
import { english } from '../i18n/localization.js';
import type { Translator } from '../i18n/translator.js';
import { html, type SafeHtml } from './escape-html.js';

/**
 * Member text (a name, a subject, a preview) in a `<bdi>`: a right-to-left name or a bidi
 * control character in it (U+202E) then cannot reorder the page's own words around it.
 * Whole blocks of member text (a message body) use `dir="auto"` on their element instead.
 */
export function bdi(text: string): SafeHtml {
  return html`<bdi>${text}</bdi>`;
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave" in the member's language, each name isolated on its own. */
export function namesHtml(people: Participant[], i18n: Translator = english()): SafeHtml {
  return i18n.listHtml(people.map((p) => bdi(p.displayName)));
}

/**
 * The same isolation for plain text (the document title, which holds no markup): each
 * member string between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
 */
export function isolatedText(text: string): string {
  return `\u2068${text}\u2069`;
}
