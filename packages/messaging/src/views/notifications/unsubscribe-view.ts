import { html, type SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from '../rendering/view-kit.js';

/** The page titles of the unsubscribe routes, in the member's words. */
export function unsubscribeTitles(kit: ViewKit): { confirm: string; done: string } {
  return { confirm: kit.i18n.t('mail.unsubscribeConfirmTitle'), done: kit.i18n.t('mail.unsubscribeDoneTitle') };
}

/**
 * The confirmation page of an unsubscribe link (template `notifications/unsubscribe-confirm`):
 * one button that posts the RFC 8058 one-click body to the same signed URL. A GET changes
 * nothing, because mail scanners open links. No `_csrf` field: the signed token in the URL is
 * the proof (docs/http.md).
 */
export function unsubscribeConfirmHtml(kit: ViewKit, input: { action: string }): string {
  return kit.renderer.render('notifications/unsubscribe-confirm', { i18n: kit.i18n, action: input.action });
}

/** After unsubscribing (template `notifications/unsubscribe-done`): what changed, and where to turn mail on again. */
export function unsubscribeDoneHtml(kit: ViewKit, input: { preferencesHref: string }): string {
  const settingsLink: SafeHtml = html`<a href="${input.preferencesHref}">${kit.i18n.t('mail.unsubscribeSettingsLink')}</a>`;
  return kit.renderer.render('notifications/unsubscribe-done', { i18n: kit.i18n, preferencesHref: input.preferencesHref, settingsLink });
}
