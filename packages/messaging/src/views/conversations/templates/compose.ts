/**
 * The compose page: who to write to, an optional subject, the message. Data: see
 * `ComposeView` in ../compose-view.ts. Each error sits next to its field and is tied to it
 * with aria-describedby; what the member typed is kept. Names sit in `<bdi>` and fields have
 * `dir="auto"`, so bidi controls in member text cannot reorder the page. `contextHtml` (what the
 * message is about) is the only raw output: markup built with the escaping `html` tag.
 */
export const COMPOSE_TEMPLATE = `<div class="messaging messaging-compose">
<h1>New message</h1>
<%~ it.contextHtml %>
<% if (it.errors.form) { %><p class="m-error" role="alert" id="messaging-form-error"><%= it.errors.form %></p><% } %>
<form method="post" action="<%= it.action %>" novalidate>
<input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% if (it.context) { %><input type="hidden" name="contextType" value="<%= it.context.type %>"><input type="hidden" name="contextId" value="<%= it.context.id %>">
<% } %>
<% if (it.recipients.length > 0) { %>
<div>
<p><span class="m-label">To: </span><% it.recipients.forEach((r, i) => { %><%= i > 0 ? ', ' : '' %><% if (r.profileUrl) { %><a href="<%= r.profileUrl %>"><bdi><%= r.displayName %></bdi></a><% } else { %><bdi><%= r.displayName %></bdi><% } %><% }) %></p>
<% for (const r of it.recipients) { %><input type="hidden" name="to" value="<%= r.id %>">
<% } %>
<% if (it.errors.to) { %><p class="m-error" id="messaging-to-error"><%= it.errors.to %></p><% } %>
</div>
<% } else { %>
<label for="messaging-to">To (member id; separate several with commas)</label>
<input type="text" id="messaging-to" name="to" value="<%= it.toText %>" dir="auto" required autocomplete="off"<% if (it.errors.to) { %> aria-invalid="true" aria-describedby="messaging-to-error"<% } %>>
<% if (it.errors.to) { %><p class="m-error" id="messaging-to-error"><%= it.errors.to %></p><% } %>
<% } %>
<label for="messaging-subject">Subject (optional)</label>
<input type="text" id="messaging-subject" name="subject" value="<%= it.subject %>" dir="auto" maxlength="<%= it.maxSubjectLength %>"<% if (it.errors.subject) { %> aria-invalid="true" aria-describedby="messaging-subject-error"<% } %>>
<% if (it.errors.subject) { %><p class="m-error" id="messaging-subject-error"><%= it.errors.subject %></p><% } %>
<label for="messaging-body">Message</label>
<textarea id="messaging-body" name="body" rows="6" dir="auto" required maxlength="<%= it.maxMessageLength %>"<% if (it.errors.body) { %> aria-invalid="true" aria-describedby="messaging-body-error"<% } %>><%= it.body %></textarea>
<% if (it.errors.body) { %><p class="m-error" id="messaging-body-error"><%= it.errors.body %></p><% } %>
<button type="submit">Send</button>
</form>
<p><a href="<%= it.inboxHref %>">Back to your messages</a></p>
</div>`;
