import type { Message } from './api-types.js';
import { liveStrings } from './live-strings.js';

/**
 * Edits and deletions arriving live, applied to the message where the page shows it (any
 * page of the thread), as the server renders them (views/conversations/templates/thread.ts):
 * built with `textContent`, never `innerHTML`.
 */

function metaLine(attribute: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'm-meta';
  p.setAttribute(attribute, '');
  p.textContent = text;
  return p;
}

/** Shows the new text and the "edited" mark. */
export function showEdited(message: Message): void {
  const li = document.getElementById(`m-${message.id}`);
  const body = li?.querySelector('.m-body');
  if (!li || !body || li.querySelector('[data-messaging-deleted]')) return;
  body.textContent = message.body;
  if (!li.querySelector('[data-messaging-edited]')) body.after(metaLine('data-messaging-edited', liveStrings().text('messages.messageEdited')));
}

/** Shows "Message deleted" in place of the text, without its links (report, edit, delete). */
export function showDeleted(messageId: string): void {
  const li = document.getElementById(`m-${messageId}`);
  const body = li?.querySelector('.m-body');
  if (!li || !body) return;
  const placeholder = document.createElement('p');
  placeholder.className = 'm-body m-removed';
  placeholder.setAttribute('data-messaging-deleted', '');
  const em = document.createElement('em');
  em.textContent = liveStrings().text('messages.messageDeleted');
  placeholder.appendChild(em);
  body.replaceWith(placeholder);
  li.querySelector('.m-attachments')?.remove();
  for (const el of li.querySelectorAll('[data-messaging-edited], [data-messaging-report-link], [data-messaging-edit-link], [data-messaging-delete-link]')) {
    (el.closest('p.m-meta') ?? el).remove();
  }
}
