/**
 * The inbox page. Data: see `InboxView` in ../inbox-view.ts. Unread threads say so in text
 * ("3 unread"), not only by weight or colour; so do muted ones ("Muted"). Member text sits in `<bdi>` (names, subject,
 * preview); `titleHtml` is the only raw output, the names built with the escaping `html` tag.
 */
export const INBOX_TEMPLATE = `<div class="messaging messaging-inbox">
<div class="m-toolbar">
<h1>Messages</h1>
<span><a href="<%= it.newHref %>">New message</a> · <a href="<%= it.archivedHref %>">Archived</a> · <a href="<%= it.settingsHref %>">Settings</a></span>
</div>
<% if (it.searchAction) { %><form class="m-search" method="get" action="<%= it.searchAction %>" role="search">
<label for="messaging-search-q">Search your messages</label>
<input type="search" id="messaging-search-q" name="q" dir="auto" maxlength="<%= it.searchMaxLength %>" required>
<button type="submit">Search</button>
</form><% } %>
<% if (it.threads.length === 0) { %>
<% if (it.isFirstPage && it.hasArchived) { %><p class="m-empty">No conversations in your inbox. Archived conversations are in <a href="<%= it.archivedHref %>">Archived</a>.</p>
<% } else { %><p class="m-empty"><%= it.isFirstPage ? 'No conversations yet.' : 'No more conversations.' %></p><% } %>
<% } else { %>
<ul class="m-threads">
<% for (const t of it.threads) { %>
<li class="m-thread<%= t.unreadCount > 0 ? ' m-unread' : '' %>" data-thread-id="<%= t.id %>">
<a href="<%= t.href %>">
<% if (t.avatarSrc) { %><img class="m-avatar" src="<%= t.avatarSrc %>" alt="" width="<%= t.avatarSize %>" height="<%= t.avatarSize %>" loading="lazy" referrerpolicy="no-referrer"> <% } %><span class="m-names"><%~ t.titleHtml %></span><% if (t.unreadCount > 0) { %> <span class="m-badge"><%= t.unreadCount %> unread</span><% } %><% if (t.muted) { %> <span class="m-muted-marker" data-messaging-muted>Muted</span><% } %>
<% if (t.subject) { %><span class="m-meta"> · <bdi><%= t.subject %></bdi></span><% } %>
<% if (t.contextTitle) { %><span class="m-meta" data-messaging-context> · About <bdi><%= t.contextTitle %></bdi></span><% } %>
<% if (t.preview !== null) { %><p class="m-preview"><%= t.previewPrefix %><bdi><%= t.preview %></bdi></p><% } %>
<time datetime="<%= t.lastMessageAt %>"><%= t.lastMessageAtText %></time>
</a>
</li>
<% } %>
</ul>
<% } %>
<% if (it.olderHref || !it.isFirstPage) { %>
<nav class="m-pager" aria-label="More conversations">
<% if (!it.isFirstPage) { %><a href="<%= it.firstHref %>">Latest conversations</a><% } %>
<% if (it.olderHref) { %><a href="<%= it.olderHref %>" rel="next">Older conversations</a><% } %>
</nav>
<% } %>
</div>`;
