import type { SafeHtml } from '../../text/escape-html.js';
import type { TemplateBase } from '../../rendering/view-kit.js';
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

/** The HTML part of a notification mail: its sentences, threads and links (../mail-model.ts). */
export interface MailData extends TemplateBase, MailModel {}

/** The unsubscribe link's page: the form posts the one-click body to `action` (the signed URL). */
export interface UnsubscribeConfirmData extends TemplateBase {
  action: string;
}

/** The page after unsubscribing. */
export interface UnsubscribeDoneData extends TemplateBase {
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
