import type { Request } from 'express';
import { z } from 'zod';
import { MessagingError } from '../errors.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../services/idempotency.js';

/** One field that failed validation, as listed in a 400's `details`. */
export interface InvalidField {
  /** Where it was: `body`, `query`, `params` or `headers`. */
  in: 'body' | 'query' | 'params' | 'headers';
  /** The field's path, dotted (`recipientIds.0`); empty for the whole body. */
  field: string;
  message: string;
}

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

/** An opaque cursor handed out by the API (`nextCursor`). */
export const cursorParam = z.string().min(1, 'must not be empty').max(200, 'is too long').optional();

/** A user id as a host may send it: a string, or a whole number, always returned as a string. */
export const userIdField = z.union([z.string().min(1).max(200), z.number().int().safe()]).transform(String);

/** A message id: digits, as the API returns them (a number is accepted too). */
export const messageIdField = z.union([z.string().regex(/^\d{1,20}$/, 'must be a message id'), z.number().int().nonnegative().safe()]).transform(String);

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
