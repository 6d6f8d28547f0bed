import type { ReportReason } from '../../services/safety/report-reasons.js';
import type { MessageKey, Translator } from '../i18n/translator.js';

const REASON_KEYS: Record<ReportReason, MessageKey> = {
  spam: 'safety.reasonSpam',
  harassment: 'safety.reasonHarassment',
  inappropriate: 'safety.reasonInappropriate',
  other: 'safety.reasonOther',
};

/** How the report form and the moderators' page name a reason, in the reader's language; an unknown stored value as it is. */
export function reasonLabel(i18n: Translator, reason: string): string {
  const key = REASON_KEYS[reason as ReportReason];
  return key ? i18n.t(key) : reason;
}
