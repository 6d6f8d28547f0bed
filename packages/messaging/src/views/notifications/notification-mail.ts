import { mailHtml } from './mail-html.js';
import { type MailModel, mailModel, type NotificationMailInput } from './mail-model.js';
import { ENGLISH_MAIL_STRINGS, type NotificationMailStrings } from './mail-strings.js';
import { mailText } from './mail-text.js';

export type { NotificationMailInput } from './mail-model.js';
export type { NotificationMailStrings } from './mail-strings.js';

/** A rendered notification: hand it to a mailer as is (subject, text and HTML alternatives). */
export interface NotificationMail {
  subject: string;
  text: string;
  html: string;
}

/** How {@link renderNotificationMail} renders. */
export interface NotificationMailOptions {
  /** Every word of the mail (a translation); English by default. */
  strings?: NotificationMailStrings;
}

/**
 * The package's ready mail for a notification (kinds 'conversation', 'digest' and 'test'):
 * a one-line subject, a plain-text part and a simple HTML part with inline styles, with the
 * thread links, the inbox, the email settings and the one-click unsubscribe link. Every
 * name, subject and message text is escaped and bidi-isolated; only absolute http(s) links
 * are used. Message text appears only when the notification carries it (`includeMessageText`).
 * Set the `List-Unsubscribe` headers from `notification.headers` yourself.
 * @example
 * send: async (n) => {
 *   const mail = renderNotificationMail(n);
 *   await transport.sendMail({ to: emailOf(n.recipientId), subject: mail.subject, text: mail.text, html: mail.html, headers: n.headers });
 * }
 */
export function renderNotificationMail(notification: NotificationMailInput, options: NotificationMailOptions = {}): NotificationMail {
  const strings = options.strings ?? ENGLISH_MAIL_STRINGS;
  const model: MailModel = mailModel(notification, strings);
  return { subject: model.subject, text: mailText(model, strings), html: mailHtml(model, strings) };
}
