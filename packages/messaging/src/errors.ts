/**
 * Every error code the package answers with, in one place. The HTTP layer maps a
 * {@link MessagingError} to `{ error: { code, message, details? } }` with this status;
 * services throw them without knowing about HTTP.
 */
export const ERROR_CODES = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  invalid_recipient: { status: 400, message: 'Choose at least one other member who exists.' },
  unauthenticated: { status: 401, message: 'Sign in to use messaging.' },
  csrf_rejected: { status: 403, message: 'This request was refused to protect your account. Reload the page and try again.' },
  forbidden: { status: 403, message: 'You are not allowed to do that.' },
  blocked: { status: 403, message: 'You cannot message this member.' },
  recipient_unavailable: { status: 403, message: 'This member is not accepting new conversations from you.' },
  suspended: { status: 403, message: 'A moderator has stopped you from sending messages.' },
  edit_window_closed: { status: 403, message: 'This message can no longer be edited.' },
  messaging_disabled: { status: 404, message: 'Messaging is switched off.' },
  not_found: { status: 404, message: 'Not found.' },
  payload_too_large: { status: 413, message: 'That is too long.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used for a different request.' },
  attachment_refused: { status: 422, message: 'This file was refused.' },
  rate_limited: { status: 429, message: 'You are sending too fast. Wait a moment and try again.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  // Not answered over HTTP: raised to the host or the CLI.
  schema_too_new: { status: 500, message: 'The messaging database was written by a newer version of @org/messaging.' },
  driver_missing: { status: 500, message: 'A database driver is not installed.' },
  database_unavailable: { status: 503, message: 'The messaging database cannot be reached.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** One field that was refused, as listed in the `details` of a 400 (and of some 403s and 413s). */
export interface FieldError {
  /** Where it was: `body`, `query`, `params` or `headers`. */
  in: 'body' | 'query' | 'params' | 'headers';
  /** The field's path, dotted (`recipientIds.0`); empty for the whole body. */
  field: string;
  message: string;
  /** The member ids the refusal is about (`invalid_recipient`, `recipient_unavailable`). */
  ids?: string[];
}

/**
 * What `details` holds for each code that has any; a code not listed carries none. The wire
 * sends it as it is, under `error.details`.
 */
export interface ErrorDetailsMap {
  invalid_request: FieldError[];
  invalid_recipient: FieldError[];
  recipient_unavailable: FieldError[];
  payload_too_large: FieldError[];
  /** Seconds until a retry may succeed; also sent as `Retry-After`. */
  rate_limited: { retryAfter: number };
  /** Why the request was refused (for the log; the member sees the code's message). */
  csrf_rejected: { reason: string };
  /** Where the database stands (raised to the host or the CLI, never answered over HTTP). */
  schema_too_new: { version: number; latest: number; unknown: string[] };
}

/** The `details` of an error with code `C`: `never` for a code that carries none. */
export type ErrorDetails<C extends ErrorCode> = C extends keyof ErrorDetailsMap ? ErrorDetailsMap[C] : never;

/**
 * An error with a code from {@link ERROR_CODES}; thrown by services, mapped by the router.
 * `details` is typed by the code: `new MessagingError('rate_limited', msg, { details: { retryAfter } })`.
 */
export class MessagingError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly status: number;
  readonly details: ErrorDetails<C> | undefined;

  constructor(code: C, message?: string, options?: { details?: ErrorDetails<C>; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MessagingError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options?.details;
  }
}

/**
 * True for a {@link MessagingError}, also one made by another copy of the package. Given a
 * code, true only for that code, with `details` narrowed to its type.
 */
export function isMessagingError(err: unknown): err is MessagingError;
export function isMessagingError<C extends ErrorCode>(err: unknown, code: C): err is MessagingError<C>;
export function isMessagingError(err: unknown, code?: ErrorCode): boolean {
  const any = err instanceof MessagingError || (err instanceof Error && err.name === 'MessagingError' && 'code' in err);
  return any && (code === undefined || (err as MessagingError).code === code);
}

/** The fields a 400 (or a 413) names, or none: `details` of a code that lists fields. */
export function fieldErrorsOf(err: MessagingError): FieldError[] {
  return Array.isArray(err.details) ? (err.details as FieldError[]) : [];
}

/** What every route answers once `messaging.close()` was called: 503 `database_unavailable`, saying why. */
export function shuttingDown(): MessagingError<'database_unavailable'> {
  return new MessagingError('database_unavailable', 'Messaging is shutting down.');
}
