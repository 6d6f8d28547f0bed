/**
 * The nav link to the inbox on the host's pages, the badge inside it while there are unread
 * messages; screen readers then hear the link's `aria-label` ("Messages, 3 unread messages"),
 * which needs no stylesheet. The count in the label is written as the badge writes it (plain
 * digits, also where the locale has its own), so the name holds what the link shows. The live
 * script keeps the first text, the badge and the label in step (src/browser/badges.ts): keep
 * the label as the link's first text. `it.label` is the
 * host's own label, or null for the catalogue's. Data: `NavLinkData` in ./index.ts.
 */
export const NAV_LINK_TEMPLATE = `<% const label = it.label ?? it.i18n.t('partials.navLinkLabel') %>
<% if (it.unreadTotal > 0) { %>
<a href="<%= it.href %>" class="messaging-nav" data-messaging-nav aria-label="<%= it.i18n.t('partials.navLinkUnread', { label, count: String(it.unreadTotal) }) %>"><%= label %> <%~ include('@partials/unread-badge', { i18n: it.i18n, unreadTotal: it.unreadTotal }) %></a>
<%_ } else { %>
<a href="<%= it.href %>" class="messaging-nav" data-messaging-nav><%= label %></a>
<%_ } %>`;
