import { ERROR_CODES, type ErrorCode, fieldErrorsOf, isMessagingError, type MessagingError } from '../../errors.js';
import type { ResolvedLimits } from '../../options.js';

/** Where a failed form shows its error, and with which status it is shown again. */
export interface FormError {
  field: 'to' | 'subject' | 'body' | 'form';
  message: string;
  status: number;
  /** Seconds, for a 429's `Retry-After`. */
  retryAfter?: number;
}

/** The codes a form is shown again for; any other error gets the error page. */
const SHOWN_AGAIN: ReadonlySet<ErrorCode> = new Set(['invalid_request', 'invalid_recipient', 'payload_too_large', 'blocked', 'recipient_unavailable', 'suspended', 'rate_limited']);

/** What the form says to a member who pressed Send on an empty (or blank) message. */
const WRITE_FIRST = 'Write a message first.';

/** True when the error is the body's "must not be empty" (the API's wording, not a member's). */
function isEmptyBody(err: MessagingError): boolean {
  return fieldErrorsOf(err).some((e) => e.field === 'body' && /empty/.test(e.message));
}

/** Which form field an error is about: the first field its `details` names that the form has. */
function namedField(err: MessagingError): 'to' | 'subject' | 'body' | undefined {
  for (const { field } of fieldErrorsOf(err)) {
    const top = field.split('.')[0];
    if (top === 'subject' || top === 'body') return top;
    if (top === 'recipientIds' || top === 'to') return 'to';
  }
  return undefined;
}

/**
 * Turns a service error into an error next to a form field, or null when the form should
 * not be shown again (not found, disabled, unexpected errors). Default messages are
 * replaced by ones that say what to do.
 */
export function formError(err: unknown, form: 'compose' | 'reply', limits: ResolvedLimits): FormError | null {
  if (!isMessagingError(err) || !SHOWN_AGAIN.has(err.code)) return null;
  const generic = err.message === ERROR_CODES[err.code].message;
  const status = err.status;
  switch (err.code) {
    case 'rate_limited': {
      const retryAfter = isMessagingError(err, 'rate_limited') ? err.details?.retryAfter : undefined;
      return { field: 'form', message: err.message, status, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
    }
    case 'invalid_recipient':
    case 'blocked':
    case 'recipient_unavailable':
    case 'suspended':
      return { field: form === 'compose' ? 'to' : 'form', message: err.message, status };
    default: {
      const named = namedField(err);
      const field = form === 'reply' ? 'body' : (named ?? 'body');
      if (field === 'body' && isEmptyBody(err)) return { field, message: WRITE_FIRST, status };
      if (err.code === 'payload_too_large') {
        const max = field === 'subject' ? limits.maxSubjectLength : limits.maxMessageLength;
        return { field, message: `This is too long: at most ${max.toLocaleString('en')} characters.`, status };
      }
      if (!generic) return { field, message: err.message, status };
      return { field, message: field === 'body' ? WRITE_FIRST : 'Check this field.', status };
    }
  }
}
