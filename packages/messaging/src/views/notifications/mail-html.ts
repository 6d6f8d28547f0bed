import type { ViewKit } from '../rendering/view-kit.js';
import type { MailModel } from './mail-model.js';

/** The HTML part (template `notifications/mail`): a simple card with inline styles, in the member's `lang` and `dir`. */
export function mailHtml(kit: ViewKit, model: MailModel): string {
  return kit.renderer.render('notifications/mail', { i18n: kit.i18n, ...model });
}
