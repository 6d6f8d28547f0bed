import { LIMIT_BOUNDS, type SendingLimits } from '../../services/settings/admin-limits.js';
import type { MessageKey } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import type { LimitsFormData } from './templates/limits-form.js';

const LABELS: Record<keyof SendingLimits, MessageKey> = {
  messagesPerMinute: 'moderation.limitMessagesPerMinute',
  newThreadsPerDay: 'moderation.limitNewThreadsPerDay',
  maxGroupParticipants: 'moderation.limitMaxGroupParticipants',
};

/** What the limits form shows: the values in the boxes, the defaults, errors by field. */
export interface LimitsFormInput {
  action: string;
  csrfToken: string;
  values: Record<keyof SendingLimits, string>;
  defaults: SendingLimits;
  /** Fields whose value was refused: shown as "must be a whole number from … to …". */
  errors: Partial<Record<keyof SendingLimits, true>>;
  saved: boolean;
}

function formData(kit: ViewKit, input: LimitsFormInput): Omit<LimitsFormData, 'i18n'> {
  const fields = (Object.keys(LABELS) as Array<keyof SendingLimits>).map((name) => {
    const { min, max } = LIMIT_BOUNDS[name];
    return {
      name,
      label: kit.i18n.t(LABELS[name]),
      value: input.values[name],
      min,
      max,
      defaultValue: input.defaults[name],
      error: input.errors[name] ? kit.i18n.t('moderation.limitRangeError', { min, max }) : null,
    };
  });
  return { action: input.action, csrfToken: input.csrfToken, saved: input.saved, fields };
}

/** The admins' form for the sending limits alone (a host's own admin page prints it). */
export function limitsFormHtml(kit: ViewKit, input: LimitsFormInput): SafeHtml {
  return new SafeHtml(kit.renderer.render('safety/limits-form', { ...formData(kit, input), i18n: kit.i18n }));
}

/** The admin router's limits page: heading, a way back to the switch page, the form. */
export function limitsPageHtml(kit: ViewKit, input: LimitsFormInput & { base: string }): SafeHtml {
  return new SafeHtml(kit.renderer.render('safety/limits-page', { i18n: kit.i18n, settingsHref: `${input.base}/`, form: formData(kit, input) }));
}
