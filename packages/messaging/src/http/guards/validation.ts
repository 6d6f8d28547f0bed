import type { Request } from 'express';
import { z } from 'zod';
import { type FieldError, MessagingError } from '../../errors.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../services/conversations/idempotency.js';
import { hasControlCharacter, isMessageId, isUserId, MAX_USER_ID_LENGTH } from '../../services/conversations/ids.js';

/** One field that failed validation, as listed in a 400's `details` (the services' {@link FieldError}). */
export type InvalidField = FieldError;

/**
 * Checks a request part against a zod schema; on failure throws 400 `invalid_request` whose
 * `details` lists every bad field ({@link InvalidField}[]).
 */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where: InvalidField['in']): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details: InvalidField[] = result.error.issues.map((issue) => ({
    in: where,
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new MessagingError('invalid_request', undefined, { details });
}

/** `limit`: 20 when absent, else a whole number from 1 to 100. */
export const limitParam = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 100, 'must be a whole number from 1 to 100')
  .optional()
  .transform((n) => n ?? 20);

/** An opaque cursor handed out by the API (`nextCursor`): visible text, never a control character. */
export const cursorParam = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'is too long')
  .refine((s) => !hasControlCharacter(s), 'must not contain control characters')
  .optional();

/** A user id as a host may send it: a string, or a whole number, always returned as a string. */
export const userIdField = z
  .union([
    z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_USER_ID_LENGTH, `must be at most ${MAX_USER_ID_LENGTH} characters`)
      .refine((s) => !hasControlCharacter(s), 'must not contain control characters'),
    z.number().int().safe(),
  ])
  .transform(String);

const MESSAGE_ID_RULE = 'must be a message id (digits, at most 9223372036854775807)';

/**
 * A message (or report) id, the one rule for every place that takes one: digits only, at
 * most 19 of them and no more than the largest id the database holds (a number is accepted
 * too). Past that Postgres would fail the query, so it is refused here as 400.
 */
export const messageIdField = z.union([z.string().refine(isMessageId, MESSAGE_ID_RULE), z.number().int().nonnegative().safe()]).transform(String);

/** An optional message id in a query (`before`, the moderators' `cursor`). */
export const messageIdParam = z.string().refine(isMessageId, MESSAGE_ID_RULE).optional();

/**
 * A message id in the path (`/messages/:messageId/report`, `/reports/:reportId`). A malformed
 * or out-of-range one answers 404 `not_found`, like an id the viewer cannot see.
 */
export function rowIdParam(req: Request, name: string): string {
  const id = req.params[name];
  if (!isMessageId(id)) throw new MessagingError('not_found');
  return id;
}

/** A user id in the path (`/blocks/:userId`): an impossible one answers 404, like an unknown member. */
export function userIdParam(req: Request): string {
  const id = req.params.userId;
  if (!isUserId(id)) throw new MessagingError('not_found');
  return id;
}

/** Thread ids are random URL-safe strings; anything else cannot name a thread. */
const THREAD_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The `:threadId` route parameter. A malformed one answers 404 `not_found`, exactly as an
 * unknown thread or one the viewer is not in, so that nothing can be learnt from the answer.
 */
export function threadIdParam(req: Request): string {
  const id = req.params.threadId;
  if (typeof id !== 'string' || !THREAD_ID.test(id)) throw new MessagingError('not_found');
  return id;
}

/** The optional `Idempotency-Key` header: 1 to 200 visible ASCII characters. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key)) return key;
  throw new MessagingError('invalid_request', undefined, {
    details: [{ in: 'headers', field: 'Idempotency-Key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters` } satisfies InvalidField],
  });
}
