import { createLocalization, english, type Localization } from '../i18n/localization.js';
import type { Translator } from '../i18n/translator.js';
import { createRenderer, defaultRenderer, type Renderer } from '../rendering/engine.js';
import { mailHtml } from './mail-html.js';
import { type MailModel, mailModel, type NotificationMailInput } from './mail-model.js';
import { catalogueMailStrings, mailTranslator, type NotificationMailStrings } from './mail-strings.js';
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
  /**
   * The member's language, a BCP 47 tag (`'de'`, `'pt-BR'`, `'de-AT'`): the mail's words
   * come from the package's catalogue for it (English, German, French, Spanish, Brazilian
   * Portuguese, Arabic; another tag of a shipped language gets that language, anything else
   * English). Sets the HTML part's `lang` and `dir` (Arabic: right to left) and how numbers
   * and dates are written.
   * @default 'en'
   */
  locale?: string | null | undefined;
  /**
   * The member's IANA time zone (`'Europe/Berlin'`): the times of the messages in the mail
   * (with `includeMessageText`) are shown in it, with the zone's name. Unknown: UTC.
   * @default 'UTC'
   */
  timeZone?: string | null | undefined;
  /**
   * Every word of the mail, your own (a language the package does not ship, or your wording):
   * replaces the catalogue's words for this mail; `locale` still sets `lang`, `dir`, numbers
   * and dates. Without it, the words of `locale`.
   */
  strings?: NotificationMailStrings | undefined;
  /**
   * Your templates folder (the `templates` option of `createMessaging`): its
   * `notifications/mail.eta`, if there is one, replaces the HTML part's template. Read once per
   * folder and kept; a template that does not compile throws here, as at start-up.
   * @default undefined (the package's template)
   */
  templates?: string | undefined;
}

let shipped: Localization | undefined;
const renderers = new Map<string, Renderer>();

/** The package's templates, or those of a host's folder (compiled once per folder). */
function rendererOf(templatesDir: string | undefined): Renderer {
  if (!templatesDir) return defaultRenderer();
  let renderer = renderers.get(templatesDir);
  if (!renderer) {
    renderer = createRenderer({ templatesDir });
    renderers.set(templatesDir, renderer);
  }
  return renderer;
}

/** The shipped words in a locale and zone: the mail is rendered outside any request, with no host `strings`. */
function translatorOf(locale: string | null | undefined, timeZone: string | null | undefined): Translator {
  if (!locale && !timeZone) return english();
  shipped ??= createLocalization({});
  return shipped.translator(locale || 'en', timeZone);
}

/**
 * The package's ready mail for a notification (kinds 'conversation', 'digest' and 'test'):
 * a one-line subject, a plain-text part and a simple HTML part with inline styles, with the
 * thread links, the inbox, the email settings and the one-click unsubscribe link, in the
 * member's language (`locale`) with message times in their zone (`timeZone`). Every name,
 * subject and message text is escaped and bidi-isolated; only absolute http(s) links are
 * used. Message text appears only when the notification carries it (`includeMessageText`).
 * Set the `List-Unsubscribe` headers from `notification.headers` yourself.
 * @example
 * send: async (n) => {
 *   const member = await users.find(n.recipientId);
 *   const mail = renderNotificationMail(n, { locale: member.language, timeZone: member.timeZone });
 *   await transport.sendMail({ to: member.email, subject: mail.subject, text: mail.text, html: mail.html, headers: n.headers });
 * }
 */
export function renderNotificationMail(notification: NotificationMailInput, options: NotificationMailOptions = {}): NotificationMail {
  const shippedWords = translatorOf(options.locale, options.timeZone);
  const strings = options.strings ?? catalogueMailStrings(shippedWords);
  const i18n = options.strings ? mailTranslator(shippedWords, options.strings) : shippedWords;
  const model: MailModel = mailModel(notification, strings, i18n);
  return { subject: model.subject, text: mailText(model, i18n), html: mailHtml({ renderer: rendererOf(options.templates), i18n }, model) };
}
