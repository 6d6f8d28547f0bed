import { type ErrorCode, type FieldError, fieldErrorsOf, isMessagingError, type MessagingError } from '../../errors.js';
import type { ResolvedLimits } from '../../options.js';
import { english } from '../../views/i18n/localization.js';
import type { Translator } from '../../views/i18n/translator.js';

/** Where a failed form shows its error, and with which status it is shown again. */
export interface FormError {
  field: 'to' | 'subject' | 'body' | 'form';
  /** What the member reads, in their language. */
  message: string;
  status: number;
  /** Seconds, for a 429's `Retry-After`. */
  retryAfter?: number;
}

/** The codes a form is shown again for; any other error gets the error page. */
const SHOWN_AGAIN: ReadonlySet<ErrorCode> = new Set(['invalid_request', 'invalid_recipient', 'payload_too_large', 'blocked', 'recipient_unavailable', 'suspended', 'rate_limited']);

type FormField = 'to' | 'subject' | 'body';

/** The first of the error's `details` about a field the form has, with that field. */
function namedField(err: MessagingError): { field: FormField; detail: FieldError } | undefined {
  for (const detail of fieldErrorsOf(err)) {
    const top = detail.field.split('.')[0];
    if (top === 'subject' || top === 'body') return { field: top, detail };
    if (top === 'recipientIds' || top === 'to') return { field: 'to', detail };
  }
  return undefined;
}

/**
 * What the form says about a refused field, in the member's words. The service's `details`
 * say what was wrong in the API's English (`must not be empty`); a page never shows that.
 */
function fieldMessage(err: MessagingError, field: FormField, detail: FieldError | undefined, limits: ResolvedLimits, i18n: Translator): string {
  const why = detail?.message ?? '';
  if (field === 'to') {
    return /at most/.test(why) ? i18n.t('conversations.formTooManyRecipients', { max: limits.maxGroupParticipants }) : i18n.t('errors.invalid_recipient');
  }
  if (err.code === 'payload_too_large' || /at most/.test(why)) {
    return i18n.t('conversations.formTooLong', { max: field === 'subject' ? limits.maxSubjectLength : limits.maxMessageLength });
  }
  if (/control characters/.test(why)) return i18n.t('conversations.formControlCharacters');
  if (/single line/.test(why)) return i18n.t('conversations.formSingleLine');
  if (field === 'body' && /empty/.test(why)) return i18n.t('conversations.formWriteFirst');
  if (detail) return i18n.t('conversations.formCheckField');
  // About a field the form does not show: the files picked (a staged upload gone), or none named.
  const others = fieldErrorsOf(err);
  if (others.some((e) => e.field.startsWith('attachment'))) return i18n.t('errors.attachment_refused');
  return field === 'body' && others.length === 0 ? i18n.t('conversations.formWriteFirst') : i18n.t('conversations.formCheckField');
}

/**
 * Turns a service error into an error next to a form field, or null when the form should
 * not be shown again (not found, disabled, unexpected errors). The words come from the
 * catalogue in the member's language (`i18n`; English without it): a contract error's from
 * section `errors`, a field's from section `conversations` (they say what to do).
 */
export function formError(err: unknown, form: 'compose' | 'reply', limits: ResolvedLimits, i18n: Translator = english()): FormError | null {
  if (!isMessagingError(err) || !SHOWN_AGAIN.has(err.code)) return null;
  const status = err.status;
  switch (err.code) {
    case 'rate_limited': {
      const retryAfter = isMessagingError(err, 'rate_limited') ? err.details?.retryAfter : undefined;
      return { field: 'form', message: i18n.t('errors.rate_limited'), status, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
    }
    case 'invalid_recipient':
      // A reply to a direct thread whose other member the host deleted: say that, not "choose someone".
      if (fieldErrorsOf(err).some((d) => d.in === 'params' && d.field === 'threadId')) return { field: 'form', message: i18n.t('conversations.formRecipientGone'), status };
      return { field: form === 'compose' ? 'to' : 'form', message: i18n.t('errors.invalid_recipient'), status };
    case 'blocked':
    case 'recipient_unavailable':
    case 'suspended':
      return { field: form === 'compose' ? 'to' : 'form', message: i18n.t(`errors.${err.code}`), status };
    default: {
      const named = namedField(err);
      const field = form === 'reply' ? 'body' : (named?.field ?? 'body');
      // A reply form has only the body: an error the service put on another field is said as the body's.
      const detail = named && named.field === field ? named.detail : undefined;
      return { field, message: fieldMessage(err, field, detail, limits, i18n), status };
    }
  }
}
