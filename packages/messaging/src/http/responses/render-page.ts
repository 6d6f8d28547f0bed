import type { Request, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { defaultLayout } from '../../views/rendering/default-layout.js';
import { html, type SafeHtml } from '../../views/text/escape-html.js';
import { liveScriptTags } from '../../views/partials/live-strings.js';
import { assetHref } from './assets.js';
import { liveWordsHref } from './live-words-asset.js';
import { viewKit } from './view-kit.js';

/** A full page of the package, before the layout wraps it. */
export interface PageContent {
  /** The document title (plain text; escaped here). */
  title: string;
  /** The page's markup: already escaped (a template's output or {@link SafeHtml}). */
  body: string | SafeHtml;
  /** @default 200 */
  status?: number;
  /**
   * Whether the page loads the package's script (live badge and thread). False for pages a
   * visitor sees signed out (the one-click unsubscribe), where it would only ask the API for a 401.
   * @default true
   */
  script?: boolean;
}

/**
 * The URL prefix of the package's assets for a request of one of its routers: each router
 * (main and admin) serves its own copy, so a page is styled wherever and whenever its router answers.
 */
function assetBaseOf(req: Request): string {
  return `${req.baseUrl}/assets`;
}

/**
 * Sends a full HTML page: the body wrapped in the host's `layout({ title, lang, dir, body, req, res })`
 * or, without one, in {@link defaultLayout} (the instance's template `rendering/layout`, in
 * the member's locale). With a host layout the stylesheet link and the deferred scripts (the
 * member's words, then the script) go at
 * the top of the body (both are allowed there), since the host's
 * `<head>` does not know about them. The host's layout is expected to provide `<main>`.
 */
export async function renderPage(ctx: HttpContext, req: Request, res: Response, page: PageContent): Promise<void> {
  const base = assetBaseOf(req);
  const stylesheetHref = assetHref(base, 'messaging.css');
  // Every page gets the script (live badge, live thread); it starts once even when the
  // host's layout includes `res.locals.messaging.scriptTag` as well.
  const scriptHref = page.script === false ? null : assetHref(base, 'messaging.js');
  const body = String(page.body);
  const { layout } = ctx.options;
  const kit = await viewKit(ctx, req);
  const { locale: lang, dir } = kit.i18n;
  // The member's words: a cached asset of their own, loaded (deferred) before the script.
  const wordsHref = scriptHref === null ? null : liveWordsHref(base, kit.i18n);
  const document = layout
    ? await layout({
        title: page.title,
        lang,
        dir,
        body:
          html`<link rel="stylesheet" href="${stylesheetHref}">\n${scriptHref === null || wordsHref === null ? '' : html`${liveScriptTags(wordsHref, scriptHref)}\n`}`.html + body,
        req,
        res,
      })
    : defaultLayout(kit, { title: page.title, body, stylesheetHref, scriptHref, wordsHref });
  res
    .status(page.status ?? 200)
    .type('html')
    .send(document);
}
