import { liveStringsJson } from '../partials/live-strings.js';
import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from './view-kit.js';

/**
 * The page the package renders when the host passes no `layout` (template
 * `rendering/layout`): the document around a page, in the member's `lang` and `dir`.
 */
export function defaultLayout(kit: ViewKit, page: { title: string; body: string | SafeHtml; stylesheetHref: string; scriptHref: string | null }): string {
  const body = page.body instanceof SafeHtml ? page.body : new SafeHtml(page.body);
  // The script's words for the member ride on its tag (no inline script under a strict CSP).
  const scriptStrings = page.scriptHref === null ? null : liveStringsJson(kit.i18n);
  return kit.renderer.render('rendering/layout', { i18n: kit.i18n, title: page.title, body, stylesheetHref: page.stylesheetHref, scriptHref: page.scriptHref, scriptStrings });
}
