import { liveStringsJson } from '../partials/live-strings.js';
import { SafeHtml } from '../text/escape-html.js';
import type { ViewKit } from './view-kit.js';

/**
 * The page the package renders when the host passes no `layout` (template
 * `rendering/layout`): the document around a page, in the member's `lang` and `dir`.
 */
export function defaultLayout(
  kit: ViewKit,
  page: { title: string; body: string | SafeHtml; stylesheetHref: string; scriptHref: string | null; wordsHref?: string | null },
): string {
  const body = page.body instanceof SafeHtml ? page.body : new SafeHtml(page.body);
  // The member's words come as a script of their own (wordsHref, no inline script under a
  // strict CSP); scriptStrings only for a host's copy of the layout made before it, which
  // still puts them on the script's tag (made once per translator, so passing it is free).
  const scriptStrings = page.scriptHref === null ? null : liveStringsJson(kit.i18n);
  return kit.renderer.render('rendering/layout', {
    i18n: kit.i18n,
    title: page.title,
    body,
    stylesheetHref: page.stylesheetHref,
    scriptHref: page.scriptHref,
    wordsHref: page.scriptHref === null ? null : (page.wordsHref ?? null),
    scriptStrings,
  });
}
