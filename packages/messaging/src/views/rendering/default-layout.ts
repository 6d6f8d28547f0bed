import { html, SafeHtml } from '../text/escape-html.js';

/**
 * The page the package renders when the host passes no `layout`: a plain, valid HTML5
 * document with the package's stylesheet (and script, unless `scriptHref` is null) and no inline script or style, so it works under
 * helmet's default Content-Security-Policy.
 */
export function defaultLayout(page: { title: string; body: string; stylesheetHref: string; scriptHref: string | null; lang: string; dir: 'ltr' | 'rtl' }): string {
  return html`<!doctype html>
<html lang="${page.lang}" dir="${page.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="${page.stylesheetHref}">
${page.scriptHref === null ? '' : html`<script src="${page.scriptHref}" defer></script>\n`}</head>
<body class="messaging-page">
<main id="main" class="messaging-main">
${new SafeHtml(page.body)}
</main>
</body>
</html>
`.html;
}
