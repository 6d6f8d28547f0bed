import { html, type SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';
import { postButton } from './post-button.js';

/** What the thread page's controls need: the viewer's own state of the thread. */
export interface ThreadControlsInput {
  base: string;
  threadId: string;
  csrfToken: string;
  kind: 'direct' | 'group';
  archived: boolean;
  muted: boolean;
  /** In a direct thread: the other member, and whether the viewer has blocked them. */
  other?: { id: string; displayName: string; blocked: boolean } | undefined;
}

/**
 * Archive / mute / leave (groups only) and block (direct threads) for the thread page: plain
 * forms, no script. Blocking goes through a confirmation page.
 */
export function threadControlsHtml(input: ThreadControlsInput): SafeHtml {
  const action = (name: string) => `${input.base}/threads/${encodeURIComponent(input.threadId)}/${name}`;
  const button = (name: string, label: string) => postButton({ action: action(name), csrfToken: input.csrfToken, label, marker: 'data-messaging-thread-control' });
  const other = input.other;
  return html`<div class="m-controls" aria-label="Conversation settings" role="group">
${input.archived ? button('unarchive', 'Move back to inbox') : button('archive', 'Archive')}
${input.muted ? button('unmute', 'Unmute') : button('mute', 'Mute')}
${input.kind === 'group' ? button('leave', 'Leave conversation') : ''}
${other ? html`<a href="${`${input.base}/blocks/new?userId=${encodeURIComponent(other.id)}`}" data-messaging-block-link>${other.blocked ? 'Unblock' : 'Block'} ${bdi(other.displayName)}</a>` : ''}
${input.muted ? html`<p class="m-meta">Muted: new messages here do not add to your unread count.</p>` : ''}
</div>`;
}
