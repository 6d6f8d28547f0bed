import type { SafeHtml } from '../../text/escape-html.js';
import type { Translator } from '../../i18n/translator.js';
import type { MailModel } from '../mail-model.js';
import { MAIL_TEMPLATE } from './mail.js';
import { UNSUBSCRIBE_CONFIRM_TEMPLATE } from './unsubscribe-confirm.js';
import { UNSUBSCRIBE_DONE_TEMPLATE } from './unsubscribe-done.js';

/** The notifications templates, by name (a host overrides `<templates>/notifications/<name>.eta`). */
export const NOTIFICATIONS_TEMPLATES = {
  'notifications/mail': MAIL_TEMPLATE,
  'notifications/unsubscribe-confirm': UNSUBSCRIBE_CONFIRM_TEMPLATE,
  'notifications/unsubscribe-done': UNSUBSCRIBE_DONE_TEMPLATE,
} as const;

/**
 * The member's words, as every template gets them (`TemplateBase` of rendering/view-kit.ts,
 * spelt out here: view-kit reaches the registry, which imports this file, and a cycle would follow).
 */
interface TemplateI18n {
  i18n: Translator;
}

/** The HTML part of a notification mail: its sentences, threads and links (../mail-model.ts). */
export interface MailData extends TemplateI18n, MailModel {}

/** The unsubscribe link's page: the form posts the one-click body to `action` (the signed URL). */
export interface UnsubscribeConfirmData extends TemplateI18n {
  action: string;
}

/** The page after unsubscribing. */
export interface UnsubscribeDoneData extends TemplateI18n {
  preferencesHref: string;
  /** A link to `preferencesHref` with the words `mail.unsubscribeSettingsLink`, for `mail.unsubscribeUndo`. */
  settingsLink: SafeHtml;
}

/** What each of them is rendered with. */
export interface NotificationTemplateData {
  'notifications/mail': MailData;
  'notifications/unsubscribe-confirm': UnsubscribeConfirmData;
  'notifications/unsubscribe-done': UnsubscribeDoneData;
}
