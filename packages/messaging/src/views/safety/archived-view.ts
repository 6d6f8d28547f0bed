import type { Page, ThreadSummary } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { formatTime, othersOf } from '../text/format.js';
import { bdi, namesHtml } from '../text/isolate.js';
import { postButton } from './post-button.js';

/** The Archived view: the viewer's archived threads, latest activity first, each with "Move back to inbox". */
export function archivedHtml(input: { viewerId: string; page: Page<ThreadSummary>; base: string; csrfToken: string; isFirstPage: boolean }): SafeHtml {
  const { base } = input;
  const items = input.page.items.map((t) => {
    const href = `${base}/threads/${encodeURIComponent(t.id)}`;
    const names = namesHtml(othersOf(t, input.viewerId));
    return html`<li class="m-thread" data-thread-id="${t.id}">
<a href="${href}"><span class="m-names">${names.html ? names : 'Conversation'}</span>${t.subject ? html`<span class="m-meta"> · ${bdi(t.subject)}</span>` : ''}
${t.lastMessage ? html`<p class="m-preview">${bdi(t.lastMessage.preview)}</p>` : ''}
<time datetime="${t.lastMessageAt}">${formatTime(t.lastMessageAt)}</time></a>
${postButton({ action: `${href}/unarchive`, csrfToken: input.csrfToken, label: 'Move back to inbox' })}
</li>`;
  });
  const older = input.page.nextCursor ? `${base}/archived?cursor=${encodeURIComponent(input.page.nextCursor)}` : null;
  return html`<div class="messaging messaging-archived">
<div class="m-toolbar"><h1>Archived conversations</h1><a href="${`${base}/`}">Back to your messages</a></div>
<p class="m-meta">A new message brings a conversation back to your inbox.</p>
${items.length === 0 ? html`<p class="m-empty">${input.isFirstPage ? 'No archived conversations.' : 'No more archived conversations.'}</p>` : html`<ul class="m-threads">${items}</ul>`}
${older ? html`<nav class="m-pager" aria-label="More archived conversations"><a href="${older}" rel="next">Older conversations</a></nav>` : ''}
</div>`;
}
