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
  messaging_disabled: { status: 404, message: 'Messaging is switched off.' },
  not_found: { status: 404, message: 'Not found.' },
  payload_too_large: { status: 413, message: 'That is too long.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used for a different request.' },
  rate_limited: { status: 429, message: 'You are sending too fast. Wait a moment and try again.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  // Not answered over HTTP: raised to the host or the CLI.
  schema_too_new: { status: 500, message: 'The messaging database was written by a newer version of @org/messaging.' },
  driver_missing: { status: 500, message: 'A database driver is not installed.' },
  database_unavailable: { status: 503, message: 'The messaging database cannot be reached.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a code from {@link ERROR_CODES}; thrown by services, mapped by the router. */
export class MessagingError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, options?: { details?: unknown; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MessagingError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options?.details;
  }
}

/** True for a {@link MessagingError}, also one made by another copy of the package. */
export function isMessagingError(err: unknown): err is MessagingError {
  return err instanceof MessagingError || (err instanceof Error && err.name === 'MessagingError' && 'code' in err);
}
