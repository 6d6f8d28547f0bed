/**
 * The page the package renders when the host passes no `layout`: a plain, valid HTML5
 * document with the package's stylesheet (and script, the member's words before it, unless
 * `scriptHref` is null) and no inline script or style, so it works under helmet's default
 * Content-Security-Policy.
 * `lang` and `dir` follow the member's locale. `body` is the page's markup (SafeHtml).
 */
export const LAYOUT_TEMPLATE = `<!doctype html>
<html lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %></title>
<link rel="stylesheet" href="<%= it.stylesheetHref %>">
<% if (it.scriptHref !== null) { %><% if (it.wordsHref) { %><script src="<%= it.wordsHref %>" defer></script>
<% } %><script src="<%= it.scriptHref %>" defer></script>
<% } %></head>
<body class="messaging-page">
<main id="main" class="messaging-main">
<%= it.body %>
</main>
</body>
</html>
`;
