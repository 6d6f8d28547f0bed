import type { Participant } from '../../services/conversations/types.js';
import { html, type SafeHtml } from './escape-html.js';

/**
 * Member text (a name, a subject, a preview) in a `<bdi>`: a right-to-left name or a bidi
 * control character in it (U+202E) then cannot reorder the page's own words around it.
 * Whole blocks of member text (a message body) use `dir="auto"` on their element instead.
 */
export function bdi(text: string): SafeHtml {
  return html`<bdi>${text}</bdi>`;
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave", each name isolated on its own. */
export function namesHtml(people: Participant[]): SafeHtml {
  const names = people.map((p) => bdi(p.displayName));
  if (names.length <= 1) return html`${names}`;
  const joined = names.slice(0, -1).flatMap((name, i) => (i === 0 ? [name] : [html`, `, name]));
  return html`${joined} and ${names[names.length - 1]}`;
}

/**
 * The same isolation for plain text (the document title, which holds no markup): each
 * member string between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
 */
export function isolatedText(text: string): string {
  return `\u2068${text}\u2069`;
}
