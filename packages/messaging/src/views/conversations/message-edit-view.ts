import type { Message } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { formatTime } from '../text/format.js';

/** Where the edit and delete pages of a message post, and where they lead back to. */
function hrefs(base: string, message: Message) {
  const id = encodeURIComponent(message.id);
  return {
    thread: `${base}/threads/${encodeURIComponent(message.threadId)}#m-${id}`,
    edit: `${base}/messages/${id}/edit`,
    delete: `${base}/messages/${id}/delete`,
  };
}

/**
 * The edit form of one's own message (works without JavaScript): the text as it is, or as
 * typed when the form failed, with the error next to it. Past the edit window (`editableUntil`
 * null) it says so and offers no form.
 */
export function messageEditHtml(input: {
  base: string;
  csrfToken: string;
  message: Message;
  editableUntil: string | null;
  body: string;
  error?: string;
  maxMessageLength: number;
}): SafeHtml {
  const { message } = input;
  const links = hrefs(input.base, message);
  if (input.editableUntil === null) {
    return html`<div class="messaging messaging-edit">
<h1>Edit message</h1>
<p class="m-error" role="alert" data-messaging-edit-closed>${input.error ?? 'This message can no longer be edited.'}</p>
<p><a href="${links.thread}">Back to the conversation</a></p>
</div>`;
  }
  return html`<div class="messaging messaging-edit">
<h1>Edit message</h1>
<p class="m-meta">Sent <time datetime="${message.createdAt}">${formatTime(message.createdAt)}</time>; you can edit it until <time datetime="${input.editableUntil}">${formatTime(input.editableUntil)}</time>.</p>
<form method="post" action="${links.edit}" data-messaging-edit-form novalidate>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<label for="messaging-body">Your message</label>
<textarea id="messaging-body" name="body" rows="4" dir="auto" required maxlength="${input.maxMessageLength}"${input.error ? html` aria-invalid="true" aria-describedby="messaging-body-error"` : ''}>${input.body}</textarea>
${input.error ? html`<p class="m-error" role="alert" id="messaging-body-error">${input.error}</p>` : ''}
<button type="submit">Save</button>
</form>
<p><a href="${links.thread}">Cancel</a></p>
</div>`;
}

/** The confirmation before deleting one's own message (a form post, so it works without JavaScript). */
export function messageDeleteHtml(input: { base: string; csrfToken: string; message: Message }): SafeHtml {
  const { message } = input;
  const links = hrefs(input.base, message);
  return html`<div class="messaging messaging-delete">
<h1>Delete this message?</h1>
<blockquote class="m-message"><p class="m-meta"><time datetime="${message.createdAt}">${formatTime(message.createdAt)}</time></p><p class="m-body" dir="auto">${message.body}</p></blockquote>
<p>Everyone in the conversation will see "Message deleted" in its place. This cannot be undone.</p>
<form method="post" action="${links.delete}" data-messaging-delete-form>
<input type="hidden" name="_csrf" value="${input.csrfToken}">
<button type="submit">Delete message</button>
</form>
<p><a href="${links.thread}">Cancel</a></p>
</div>`;
}
