import type { Message } from './api-types.js';
import { liveStrings } from './live-strings.js';

/**
 * The Edit and Delete links of the viewer's own message, as the server renders them
 * (views/conversations/thread-view.ts): Edit only inside the host's edit window, by the
 * server's clock. The thread page gives the window and the server's time in data attributes
 * (`data-messaging-edit-window-ms`, `data-messaging-now`); the browser's own clock only
 * measures the time since the page loaded.
 */
export interface EditWindow {
  ms: number;
  /** The server's time minus the browser's, when the page loaded. */
  skewMs: number;
}

/** The thread page's edit window; `ms` 0 (no Edit links) when the page does not say. */
export function editWindowOf(threadEl: Element): EditWindow {
  const ms = Number(threadEl.getAttribute('data-messaging-edit-window-ms')) || 0;
  const serverNow = Date.parse(threadEl.getAttribute('data-messaging-now') ?? '');
  return { ms, skewMs: Number.isNaN(serverNow) ? 0 : serverNow - Date.now() };
}

/** `<p class="m-meta">Edit · Delete</p>` for a standing message of the viewer, under the mount `base`. */
export function ownMessageLinks(message: Message, base: string, window: EditWindow): HTMLParagraphElement | null {
  if (message.deleted) return null;
  const href = `${base}/messages/${encodeURIComponent(message.id)}`;
  const p = document.createElement('p');
  p.className = 'm-meta';
  if (window.ms > 0 && Date.parse(message.createdAt) + window.ms > Date.now() + window.skewMs) {
    const edit = document.createElement('a');
    edit.href = `${href}/edit`;
    edit.setAttribute('data-messaging-edit-link', '');
    edit.textContent = liveStrings().text('messages.messageEdit');
    p.appendChild(edit);
    p.appendChild(document.createTextNode(' \u00b7 '));
  }
  const del = document.createElement('a');
  del.href = `${href}/delete`;
  del.setAttribute('data-messaging-delete-link', '');
  del.textContent = liveStrings().text('messages.messageDelete');
  p.appendChild(del);
  return p;
}
