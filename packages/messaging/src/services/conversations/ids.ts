import { randomBytes } from 'node:crypto';

/**
 * A new public thread id: 128 random bits as base64url (22 characters), so that a thread's
 * URL cannot be guessed from another one.
 */
export function newThreadId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * C0 and C1 control characters, NUL included: never in an id or a cursor (Postgres text
 * cannot even hold a NUL, so one would fail the query instead of being refused).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True when the text holds a control character (see {@link isUserId}). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** Longest user id accepted, as ids are stored. */
export const MAX_USER_ID_LENGTH = 200;

/** True for text that can be a user id: 1 to {@link MAX_USER_ID_LENGTH} characters, no control character. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_USER_ID_LENGTH && !CONTROL.test(value);
}

/** The largest row id either database holds (a Postgres bigint, a SQLite integer). */
const MAX_ROW_ID = 9223372036854775807n;

/**
 * True for a string that can be a message or report id (digits only, at most
 * {@link MAX_ROW_ID}), before it reaches a query: a larger one makes Postgres fail.
 */
export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_ROW_ID;
}
