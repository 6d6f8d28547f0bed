import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';

/** How many characters of a message the inbox shows. */
const PREVIEW_LENGTH = 140;

// C0 controls except tab (\x09) and newline (\x0a), DEL, and the C1 block. \r is handled first
// (\r\n and lone \r become \n) so that text pasted from Windows is accepted.
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** `invalid_request` naming one field of the body: "The note must be text." */
export function invalidField(field: string, message: string): MessagingError<'invalid_request'> {
  return new MessagingError('invalid_request', `The ${field} ${message}.`, { details: [{ in: 'body', field, message }] });
}

/** Line endings made `\n`. */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Refuses (`invalid_request`) text with a control character other than tab and newline. */
export function checkCharacters(field: string, text: string): void {
  if (CONTROL_CHARACTERS.test(text)) throw invalidField(field, 'must not contain control characters other than tab and newline');
}

/** Length in characters (code points), as people count them, not UTF-16 units. */
export function characterCount(text: string): number {
  return [...text].length;
}

/**
 * Checks a message body and returns it as stored (line endings made `\n`; otherwise as
 * typed, so that indentation and blank lines survive). Empty or whitespace-only (unless the
 * message carries files: then stored as '') and control characters answer `invalid_request`; over `limits.maxMessageLength` `payload_too_large`.
 */
export function checkBody(ctx: Pick<MessagingContext, 'limits'>, body: unknown, options: { withFiles?: boolean } = {}): string {
  if (typeof body !== 'string') throw invalidField('body', 'must be text');
  const text = normaliseLineEndings(body);
  // A photo may go without words; text that is only spaces is stored as none.
  if (text.trim() === '') {
    if (options.withFiles) return '';
    throw invalidField('body', 'must not be empty');
  }
  checkCharacters('body', text);
  const max = ctx.limits.maxMessageLength;
  if (text.length > max && characterCount(text) > max) {
    throw new MessagingError('payload_too_large', `The message is longer than ${max} characters.`, {
      details: [{ in: 'body', field: 'body', message: `must be at most ${max} characters` }],
    });
  }
  return text;
}

/**
 * Checks an optional subject and returns it trimmed, or null when absent or blank. One line
 * only; at most `limits.maxSubjectLength` characters (`invalid_request` otherwise).
 */
export function checkSubject(ctx: Pick<MessagingContext, 'limits'>, subject: unknown): string | null {
  if (subject === undefined || subject === null) return null;
  if (typeof subject !== 'string') throw invalidField('subject', 'must be text');
  const text = subject.trim();
  if (text === '') return null;
  if (/[\r\n]/.test(text)) throw invalidField('subject', 'must be a single line');
  checkCharacters('subject', text);
  const max = ctx.limits.maxSubjectLength;
  if (characterCount(text) > max) throw invalidField('subject', `must be at most ${max} characters`);
  return text;
}

/** The inbox preview of a message of files only (its text is empty). */
export const FILES_ONLY_PREVIEW = 'Sent a file';

/** Whitespace other than a plain space: {@link previewOf} rewrites a line holding any. */
const OTHER_WHITESPACE = /[^\S ]/;
/** Half of a UTF-16 surrogate pair: a character beyond the Basic Multilingual Plane (an emoji). */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether {@link previewOf} changes the text's whitespace: a run, any but a plain space, or at either end. */
function hasUnevenWhitespace(text: string): boolean {
  return text.includes('  ') || OTHER_WHITESPACE.test(text) || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32;
}

/** The start of a message on one line, for the inbox: whitespace runs collapsed, cut at {@link PREVIEW_LENGTH} characters with an ellipsis. */
export function previewOf(body: string): string {
  // Most messages are one line with single spaces, already their own preview line: tests cost less than the rewrite
  // (an inbox page makes 20 previews: one regex with four alternatives, tried at every position, cost ~1 µs each).
  const line = hasUnevenWhitespace(body) ? body.replace(/\s+/g, ' ').trim() : body;
  // Only a message with files has no text (an empty body is refused otherwise).
  if (line === '') return FILES_ONLY_PREVIEW;
  // No more UTF-16 units than the limit is no more characters either: most messages, uncounted.
  if (line.length <= PREVIEW_LENGTH) return line;
  // Without surrogate pairs a UTF-16 unit is a character: cut without splitting the text into an array.
  if (!SURROGATE.test(line)) return `${line.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
  const chars = [...line];
  return chars.length <= PREVIEW_LENGTH
    ? line
    : `${chars
        .slice(0, PREVIEW_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}
