/**
 * The search page: the form, then the matching messages, newest first. Data: see
 * `SearchView` in ../search-view.ts. `titleHtml` and `excerptHtml` are the only raw output:
 * built by search-view.ts, every piece of member text in them escaped, the `<mark>` and
 * `<bdi>` around it ours. The error sits next to the field; what the member typed is kept.
 */
export const SEARCH_TEMPLATE = `<div class="messaging messaging-search">
<div class="m-toolbar">
<h1>Search messages</h1>
<span><a href="<%= it.inboxHref %>">Back to your messages</a></span>
</div>
<form class="m-search" method="get" action="<%= it.action %>" role="search">
<label for="messaging-search-q">Search your messages</label>
<input type="search" id="messaging-search-q" name="q" value="<%= it.q %>" dir="auto" maxlength="<%= it.maxLength %>" required<% if (it.error) { %> aria-invalid="true" aria-describedby="messaging-search-error"<% } %>>
<button type="submit">Search</button>
<% if (it.error) { %><p class="m-error" id="messaging-search-error"><%= it.error %></p><% } %>
</form>
<% if (it.searched) { %>
<% if (it.results.length === 0) { %>
<p class="m-empty"><%= it.isFirstPage ? 'No messages found.' : 'No more messages found.' %></p>
<% } else { %>
<ol class="m-threads m-results">
<% for (const r of it.results) { %>
<li class="m-thread m-result" data-thread-id="<%= r.threadId %>" data-message-id="<%= r.messageId %>">
<a href="<%= r.href %>">
<span class="m-names"><%~ r.titleHtml %></span><% if (r.subject) { %><span class="m-meta"> · <bdi><%= r.subject %></bdi></span><% } %>
<p class="m-preview"><bdi><%= r.senderName %></bdi>: <span class="m-excerpt" dir="auto"><%~ r.excerptHtml %></span></p>
<time datetime="<%= r.createdAt %>"><%= r.createdAtText %></time>
</a>
</li>
<% } %>
</ol>
<% } %>
<% if (it.olderHref || !it.isFirstPage) { %>
<nav class="m-pager" aria-label="More results">
<% if (!it.isFirstPage) { %><a href="<%= it.firstHref %>">Newest results</a><% } %>
<% if (it.olderHref) { %><a href="<%= it.olderHref %>" rel="next">Older results</a><% } %>
</nav>
<% } %>
<% } %>
</div>`;
