import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';

/** The admin router's page: the switch form (rendered by the partials' admin-toggle), then links to the moderators' pages. */
export function adminPageHtml(kit: ViewKit, input: { base: string; toggleHtml: string | SafeHtml }): SafeHtml {
  const toggleHtml = input.toggleHtml instanceof SafeHtml ? input.toggleHtml : new SafeHtml(input.toggleHtml);
  return new SafeHtml(kit.renderer.render('safety/admin', { i18n: kit.i18n, toggleHtml, reportsHref: `${input.base}/reports`, limitsHref: `${input.base}/limits` }));
}
