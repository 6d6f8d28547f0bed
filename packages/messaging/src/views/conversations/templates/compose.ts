/**
 * The compose page: who to write to, an optional subject, the message. Data: see
 * `ComposeView` in ../compose-view.ts. The form shows once someone is chosen (from a profile's
 * Message button or the recipient picker, its own GET form, shown when the host gives `users.search`), or when a sent form comes back
 * with an error. Each error sits next to its field and is tied to it with aria-describedby; what the member typed is kept. Names sit in `<bdi>` and fields have
 * `dir="auto"`, so bidi controls in member text cannot reorder the page. `contextHtml` (what the
 * message is about) and `fileInputHtml` (views/attachments/file-input.ts, empty while attachments
 * are off) are the only raw output: markup built with the escaping `html` tag.
 */
export const COMPOSE_TEMPLATE = `<div class="messaging messaging-compose">
<h1>New message</h1>
<%~ it.contextHtml %>
<% if (it.errors.form) { %><p class="m-error" role="alert" id="messaging-form-error"><%= it.errors.form %></p><% } %>
<% if (it.recipients.length > 0) { %>
<p><span class="m-label">To: </span><% it.recipients.forEach((r, i) => { %><%= i > 0 ? ', ' : '' %><% if (r.profileUrl) { %><a href="<%= r.profileUrl %>"><bdi><%= r.displayName %></bdi></a><% } else { %><bdi><%= r.displayName %></bdi><% } %><% }) %></p>
<% } %>
<% if (it.picker) { %>
<form method="get" action="<%= it.picker.action %>" class="m-search m-picker" role="search">
<% for (const id of it.picker.chosenIds) { %><input type="hidden" name="to" value="<%= id %>">
<% } %>
<% if (it.context) { %><input type="hidden" name="contextType" value="<%= it.context.type %>"><input type="hidden" name="contextId" value="<%= it.context.id %>">
<% } %>
<label for="messaging-recipient-search"><%= it.recipients.length > 0 ? 'Add someone else' : 'Who do you want to write to?' %></label>
<input type="search" id="messaging-recipient-search" name="q" value="<%= it.picker.q %>" dir="auto" maxlength="<%= it.picker.maxLength %>" autocomplete="off" data-messaging-recipient-search="<%= it.picker.apiUrl %>"<% if (it.picker.error) { %> aria-invalid="true" aria-describedby="messaging-recipient-error"<% } %>>
<button type="submit">Find</button>
<% if (it.picker.error) { %><p class="m-error" id="messaging-recipient-error"><%= it.picker.error %></p><% } %>
</form>
<div class="m-picker-results" data-messaging-recipient-results>
<% if (it.picker.results) { %>
<% if (it.picker.results.length === 0) { %><p>No member matches “<bdi><%= it.picker.q %></bdi>”.</p>
<% } else { %><ul class="m-people">
<% for (const p of it.picker.results) { %><li><% if (p.avatarSrc) { %><img class="m-avatar" src="<%= p.avatarSrc %>" alt="" width="24" height="24" loading="lazy"> <% } %><a href="<%= p.chooseHref %>"><%= it.recipients.length > 0 ? 'Add' : 'Write to' %> <bdi><%= p.displayName %></bdi></a></li>
<% } %></ul>
<% } %>
<% } %>
</div>
<% } else if (it.recipients.length === 0) { %>
<p class="m-hint">To start a conversation, open a member’s profile and choose <strong>Message</strong>.</p>
<% } %>
<% if (it.showForm) { %>
<form method="post" action="<%= it.action %>"<% if (it.attachments) { %> enctype="multipart/form-data"<% } %> novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% if (it.context) { %><input type="hidden" name="contextType" value="<%= it.context.type %>"><input type="hidden" name="contextId" value="<%= it.context.id %>">
<% } %>
<% for (const r of it.recipients) { %><input type="hidden" name="to" value="<%= r.id %>">
<% } %>
<% if (it.errors.to) { %><p class="m-error" id="messaging-to-error"><%= it.errors.to %></p><% } %>
<label for="messaging-subject">Subject (optional)</label>
<input type="text" id="messaging-subject" name="subject" value="<%= it.subject %>" dir="auto" maxlength="<%= it.maxSubjectLength %>"<% if (it.errors.subject) { %> aria-invalid="true" aria-describedby="messaging-subject-error"<% } %>>
<% if (it.errors.subject) { %><p class="m-error" id="messaging-subject-error"><%= it.errors.subject %></p><% } %>
<label for="messaging-body">Message</label>
<textarea id="messaging-body" name="body" rows="6" dir="auto"<% if (!it.attachments) { %> required<% } %> maxlength="<%= it.maxMessageLength %>"<% if (it.errors.body) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.errors.body) { %><p class="m-error" id="messaging-body-error"><%= it.errors.body %></p><% } %>
<%~ it.fileInputHtml %>
<button type="submit">Send</button>
</form>
<% } %>
<p><a href="<%= it.inboxHref %>">Back to your messages</a></p>
</div>`;
