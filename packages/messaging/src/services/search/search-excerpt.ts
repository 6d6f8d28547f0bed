import { type SearchTerm, WORD } from './search-terms.js';

/** A piece of an excerpt: the member's text, and whether it is a word the search matched. */
export interface ExcerptPart {
  text: string;
  match: boolean;
}

/** Characters of a message shown around the first match. */
const EXCERPT_LENGTH = 160;
/** Of which before the first match, when there is text before it. */
const LEAD = 50;

/** Case folded as the indexes fold it, near enough: lowercase, and a final sigma as any sigma. */
const fold = (text: string) => text.toLowerCase().replaceAll('ς', 'σ');

const matchesTerm = (folded: string, t: SearchTerm) => {
  const term = fold(t.text);
  return t.prefix ? folded.startsWith(term) : folded === term;
};

const matches = (word: string, terms: SearchTerm[]) => {
  const folded = fold(word);
  return terms.some((t) => matchesTerm(folded, t));
};

/**
 * Whether `body` holds every term (as the full-text indexes would answer), for the newest
 * messages a search checks one by one (services/search/message-search.ts).
 */
export function matchesAll(body: string, terms: SearchTerm[]): boolean {
  const words = (body.match(WORD) ?? []).map(fold);
  return terms.every((t) => words.some((w) => matchesTerm(w, t)));
}

const isLowSurrogate = (text: string, at: number) => at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at] ?? '');

/**
 * A short piece of `body` around its first matching word, as plain text parts; matching
 * words are parts of their own (`match: true`). Cut ends get "…". The parts are text: the
 * views escape them and add the marking (views/conversations/search-view.ts).
 */
export function searchExcerpt(body: string, terms: SearchTerm[]): ExcerptPart[] {
  const text = body.normalize('NFC');
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, match: matches(m[0], terms) }));
  const first = words.find((w) => w.match);
  let start = first ? Math.max(0, first.start - LEAD) : 0;
  // Start and end on word boundaries, so no word is shown cut.
  if (start > 0) start = words.find((w) => w.end > start)?.start ?? start;
  let end = Math.min(text.length, start + EXCERPT_LENGTH);
  if (end < text.length) {
    const cut = words.find((w) => w.start < end && w.end > end);
    if (cut && cut.start > start) end = cut.start;
  }
  // Never between the two halves of a character outside the BMP (an emoji).
  if (isLowSurrogate(text, start)) start -= 1;
  if (isLowSurrogate(text, end)) end -= 1;
  const parts: ExcerptPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece === '') return;
    const last = parts[parts.length - 1];
    if (last && !last.match && !match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  if (start > 0) push('…', false);
  let at = start;
  for (const w of words) {
    if (!w.match || w.start < start || w.end > end) continue;
    push(text.slice(at, w.start), false);
    push(text.slice(w.start, w.end), true);
    at = w.end;
  }
  push(text.slice(at, end).trimEnd(), false);
  if (end < text.length) push('…', false);
  return parts;
}
