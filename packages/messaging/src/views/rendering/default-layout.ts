import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from './view-kit.js';

/**
 * The page the package renders when the host passes no `layout` (template
 * `rendering/layout`): the document around a page, in the member's `lang` and `dir`.
 */
export function defaultLayout(kit: ViewKit, page: { title: string; body: string | SafeHtml; stylesheetHref: string; scriptHref: string | null }): string {
  const body = page.body instanceof SafeHtml ? page.body : new SafeHtml(page.body);
  return kit.renderer.render('rendering/layout', { i18n: kit.i18n, title: page.title, body, stylesheetHref: page.stylesheetHref, scriptHref: page.scriptHref });
}
