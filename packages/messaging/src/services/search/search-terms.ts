import { MessagingError } from '../../errors.js';
import { hasControlCharacter } from '../conversations/ids.js';

/** Longest search text accepted, in characters. */
export const MAX_SEARCH_QUERY_LENGTH = 200;
/** Words of a search used; the rest of a longer search is ignored. */
export const MAX_SEARCH_TERMS = 8;
/** A longer word is searched by its first this many characters (it is a prefix match anyway). */
const MAX_TERM_LENGTH = 64;

/**
 * What both indexes count as a word: letters, digits, marks and private-use characters (the
 * FTS5 table is made with these categories, see db/migrations/0008-search-index.ts). Anything
 * else separates words, so no quote, star, colon, parenthesis or backslash ever reaches an
 * index's query syntax.
 */
export const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** One word of a search: found as a prefix, except a single character, found as a whole word. */
export interface SearchTerm {
  text: string;
  prefix: boolean;
}

/**
 * The words of a member's search text, lowercased, without repeats, at most
 * {@link MAX_SEARCH_TERMS}. Throws 400 `invalid_request` (field `q`) for an empty or
 * too long text, a control character, or a text without any word.
 */
export function searchTerms(q: string): SearchTerm[] {
  const refuse = (message: string) => new MessagingError('invalid_request', undefined, { details: [{ in: 'query', field: 'q', message }] });
  if (q.trim() === '') throw refuse('must not be empty');
  if (q.length > MAX_SEARCH_QUERY_LENGTH) throw refuse(`must be at most ${MAX_SEARCH_QUERY_LENGTH} characters`);
  if (hasControlCharacter(q)) throw refuse('must not contain control characters');
  const words = [...new Set(q.normalize('NFC').toLowerCase().match(WORD) ?? [])].slice(0, MAX_SEARCH_TERMS);
  if (words.length === 0) throw refuse('must contain a word (letters or digits)');
  return words.map((word) => {
    const text = [...word].slice(0, MAX_TERM_LENGTH).join('');
    return { text, prefix: [...text].length > 1 };
  });
}

/**
 * The FTS5 MATCH text: every word as a quoted string (a quote inside doubled), a star after
 * it for a prefix, all of them required. Quoting makes `OR`, `NEAR`, `AND` or a column name
 * plain words.
 */
export function fts5Match(terms: SearchTerm[]): string {
  return terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`).join(' ');
}
