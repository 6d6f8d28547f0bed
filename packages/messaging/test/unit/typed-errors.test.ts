import { describe, expect, it } from 'vitest';
import type { MessagingContext } from '../../src/context.js';
import { type FieldError, isMessagingError, MessagingError } from '../../src/errors.js';
import { formError } from '../../src/http/conversations/form-errors.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { createUserDirectory } from '../../src/services/conversations/user-directory.js';

/*
 * `details` is typed per error code; `pnpm typecheck` (tsc over test/) checks the lines marked
 * @ts-expect-error, the expectations that the same errors behave at run time.
 */

const fields: FieldError[] = [{ in: 'body', field: 'subject', message: 'must be a single line' }];
const checked = [
  new MessagingError('rate_limited', undefined, { details: { retryAfter: 3 } }),
  new MessagingError('invalid_request', undefined, { details: fields }),
  new MessagingError('not_found'),
  // @ts-expect-error a 429's details say when to retry, in seconds
  new MessagingError('rate_limited', undefined, { details: { retry: 3 } }),
  // @ts-expect-error a 400's details list fields, each with where it was
  new MessagingError('invalid_request', undefined, { details: [{ field: 'subject', message: 'x' }] }),
  // @ts-expect-error not_found carries no details
  new MessagingError('not_found', undefined, { details: { id: '7' } }),
];

describe('typed error details', () => {
  it('keeps the wire shape: details as given, code and status from the one map', () => {
    expect(checked.map((e) => [e.code, e.status, e.details])).toEqual([
      ['rate_limited', 429, { retryAfter: 3 }],
      ['invalid_request', 400, fields],
      ['not_found', 404, undefined],
      ['rate_limited', 429, { retry: 3 }],
      ['invalid_request', 400, [{ field: 'subject', message: 'x' }]],
      ['not_found', 404, { id: '7' }],
    ]);
  });

  it('narrows details by code', () => {
    const err: unknown = new MessagingError('rate_limited', undefined, { details: { retryAfter: 9 } });
    // Compiles only because the guard narrows `details` to `{ retryAfter: number }`.
    const seconds: number | undefined = isMessagingError(err, 'rate_limited') ? err.details?.retryAfter : undefined;
    expect(seconds).toBe(9);
    expect(isMessagingError(err, 'invalid_request')).toBe(false);
  });
});

describe('form errors read the field from details', () => {
  it('puts the error next to the field details name, whatever words the message uses', () => {
    const body = new MessagingError('invalid_request', 'The message must not repeat the subject.', { details: [{ in: 'body', field: 'body', message: 'x' }] });
    expect(formError(body, 'compose', DEFAULT_LIMITS)).toMatchObject({ field: 'body' });
    const recipients = new MessagingError('invalid_request', 'A conversation can include at most 20 other members.', {
      details: [{ in: 'body', field: 'recipientIds', message: 'must name at most 20 members' }],
    });
    expect(formError(recipients, 'compose', DEFAULT_LIMITS)).toMatchObject({ field: 'to' });
    const subject = new MessagingError('payload_too_large', undefined, { details: [{ in: 'body', field: 'subject', message: 'too long' }] });
    expect(formError(subject, 'compose', DEFAULT_LIMITS)).toMatchObject({ field: 'subject', message: expect.stringContaining('200') });
  });
});

describe('user directory', () => {
  it('always gives a participant: "Deleted user" for an id the host does not know', async () => {
    const users = { getUsers: async () => [{ id: 1, displayName: 'Ann' }] };
    const people = await createUserDirectory({ users } as unknown as MessagingContext).resolve([1, '2']);
    expect(people.get('1').displayName).toBe('Ann');
    expect(people.get(2)).toEqual({ id: '2', displayName: 'Deleted user', profileUrl: null, avatarUrl: null });
    // Even one the call did not ask about: a caller needs no `!` and never meets undefined.
    expect(people.get('3')).toMatchObject({ id: '3', displayName: 'Deleted user' });
  });
});
