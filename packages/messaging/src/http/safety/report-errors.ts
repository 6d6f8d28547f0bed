import { fieldErrorsOf, type MessagingError } from '../../errors.js';
import { MAX_REPORT_NOTE_LENGTH } from '../../services/safety/reports.js';
import type { Translator } from '../../views/i18n/translator.js';

/**
 * What the report form says next to a field the service refused, in the member's language.
 * An error of no field (reporting your own message, which the thread page offers no link
 * for) keeps the service's words.
 */
export function reportErrors(i18n: Translator, err: MessagingError): { reason?: string; note?: string } {
  const detail = fieldErrorsOf(err)[0];
  if (!detail) return { reason: err.message };
  if (detail.field !== 'note') return { reason: i18n.t('safety.reportReasonError') };
  return { note: /control characters/.test(detail.message) ? i18n.t('safety.reportNoteCharacters') : i18n.t('safety.reportNoteTooLong', { max: MAX_REPORT_NOTE_LENGTH }) };
}
