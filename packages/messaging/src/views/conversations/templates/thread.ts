/**
 * A thread page: one page of messages, oldest to newest, then the reply form. Data: see
 * `ThreadView` in ../thread-view.ts. Every message is an element with `id="m-<id>"` (the
 * contract's markup); the newest one on the latest page carries `data-messaging-newest`
 * for the auto-scroll script. `controlsHtml`, `titleHtml`, `contextHtml`, `leadingSystemHtml`, `fileInputHtml`,
 * each `systemHtml` (system lines) and each `attachmentsHtml` (a message's files) are the only raw output: markup
 * the package built with the escaping `html` tag (views/safety/thread-controls.ts,
 * views/text/isolate.ts), never a member's text as is. Member text is isolated (`<bdi>`, or
 * `dir="auto"` on a message body) so that bidi controls in it cannot reorder the page.
 */
export const THREAD_TEMPLATE = `<div class="messaging messaging-thread" data-thread-id="<%= it.threadId %>" data-messaging-viewer="<%= it.viewerId %>" data-messaging-edit-window-ms="<%= it.editWindowMs %>" data-messaging-now="<%= it.now %>">
<p><a href="<%= it.inboxHref %>">Back to your messages</a></p>
<h1 data-messaging-title><%~ it.titleHtml %></h1>
<%~ it.contextHtml %>
<p class="m-meta" data-messaging-members>With <% it.others.forEach((p, i) => { %><%= i > 0 ? ', ' : '' %><% if (p.profileUrl) { %><a href="<%= p.profileUrl %>"><bdi><%= p.displayName %></bdi></a><% } else { %><bdi><%= p.displayName %></bdi><% } %><% }) %></p>
<% if (it.settingsHref) { %><p class="m-meta"><a href="<%= it.settingsHref %>" data-messaging-group-settings-link>Members and name</a></p><% } %>
<%~ it.controlsHtml %>
<% if (it.olderHref) { %><nav class="m-pager" aria-label="Earlier messages"><a href="<%= it.olderHref %>">Older messages</a></nav><% } %>
<% if (it.messages.length === 0) { %><p class="m-empty">No messages yet.</p><% } %>
<ol class="m-messages" aria-label="Messages">
<%~ it.leadingSystemHtml %>
<% it.messages.forEach((m, i) => { %>
<li class="m-message<%= m.mine ? ' m-mine' : '' %>" id="m-<%= m.id %>"<% if (it.isLatestPage && i === it.messages.length - 1) { %> data-messaging-newest<% } %>>
<p class="m-meta"><% if (m.senderAvatarSrc) { %><img class="m-avatar" src="<%= m.senderAvatarSrc %>" alt="" width="<%= it.avatarSize %>" height="<%= it.avatarSize %>" loading="lazy" referrerpolicy="no-referrer"> <% } %><% if (m.senderProfileUrl) { %><a href="<%= m.senderProfileUrl %>"><bdi><%= m.senderName %></bdi></a><% } else { %><bdi><%= m.senderName %></bdi><% } %> · <time datetime="<%= m.createdAt %>"><%= m.createdAtText %></time></p>
<% if (m.removed) { %><p class="m-body m-removed"><em>Message removed by a moderator</em></p><% } else if (m.deleted) { %><p class="m-body m-removed" data-messaging-deleted><em>Message deleted</em></p><% } else { %><p class="m-body" dir="auto"><%= m.body %></p><%~ m.attachmentsHtml %><% } %>
<% if (m.edited) { %><p class="m-meta" data-messaging-edited>edited</p><% } %>
<% if (m.reportHref) { %><p class="m-meta"><a href="<%= m.reportHref %>" data-messaging-report-link>Report</a></p><% } %>
<% if (m.deleteHref) { %><p class="m-meta"><% if (m.editHref) { %><a href="<%= m.editHref %>" data-messaging-edit-link>Edit</a> · <% } %><a href="<%= m.deleteHref %>" data-messaging-delete-link>Delete</a></p><% } %>
</li>
<%~ m.systemHtml %>
<% }) %>
</ol>
<% if (!it.isLatestPage) { %><nav class="m-pager" aria-label="Later messages"><a href="<%= it.latestHref %>">Latest messages</a></nav><% } %>
<h2 id="messaging-reply-title">Reply</h2>
<% if (it.errors.form) { %><p class="m-error" role="alert" id="messaging-form-error"><%= it.errors.form %></p><% } %>
<form method="post" action="<%= it.action %>"<% if (it.attachments) { %> enctype="multipart/form-data"<% } %> aria-labelledby="messaging-reply-title" novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<label for="messaging-body">Your message</label>
<textarea id="messaging-body" name="body" rows="4" dir="auto"<% if (!it.attachments) { %> required<% } %> maxlength="<%= it.maxMessageLength %>"<% if (it.errors.body) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.errors.body) { %><p class="m-error" id="messaging-body-error"><%= it.errors.body %></p><% } %>
<%~ it.fileInputHtml %>
<button type="submit">Send</button>
</form>
</div>`;
