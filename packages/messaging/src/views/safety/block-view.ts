import type { Participant } from '../../services/conversations/types.js';
import { html, type SafeHtml } from '../text/escape-html.js';
import { safeUrl } from '../text/format.js';
import { bdi } from '../text/isolate.js';
import { postButton } from './post-button.js';

/**
 * The block / unblock page a profile's or a thread's "Block" link opens: says what blocking
 * does, then one button. After a change it says what happened; after an unblock, no button.
 */
export function blockPageHtml(input: { base: string; csrfToken: string; member: Participant; blocked: boolean; done: 'blocked' | 'unblocked' | null }): SafeHtml {
  const { member, base } = input;
  const profile = safeUrl(member.profileUrl);
  const name = bdi(member.displayName);
  const status = input.done === 'blocked' ? html`<p role="status">You blocked ${name}.</p>` : input.done === 'unblocked' ? html`<p role="status">You unblocked ${name}.</p>` : '';
  // Just unblocked: the page says so and offers no Block button (blocking again is one click away on the profile).
  const justUnblocked = !input.blocked && input.done === 'unblocked';
  const form = justUnblocked
    ? ''
    : input.blocked
      ? postButton({
          action: `${base}/blocks/${encodeURIComponent(member.id)}/delete`,
          csrfToken: input.csrfToken,
          label: html`Unblock ${name}`,
          marker: 'data-messaging-block-form',
        })
      : postButton({ action: `${base}/blocks`, csrfToken: input.csrfToken, label: html`Block ${name}`, fields: { userId: member.id }, marker: 'data-messaging-block-form' });
  return html`<div class="messaging messaging-block">
<h1>${input.blocked ? html`${name} is blocked` : justUnblocked ? html`${name} is unblocked` : html`Block ${name}?`}</h1>
${status}
${
  justUnblocked
    ? html`<p>${name} can start a conversation with you and write to you again. They are not told.</p>`
    : input.blocked
      ? html`<p>${name} cannot start a conversation with you or write to you in your conversation together. Group conversations you share go on.</p>`
      : html`<p>${name} will not be able to start a conversation with you or write to you in your conversation together. They are not told, and nothing already sent is deleted. Group conversations you share go on.</p>`
}
${form}
<p>${profile ? html`<a href="${profile}">Back to ${name}'s profile</a> · ` : ''}<a href="${`${base}/preferences`}">Your blocked members</a> · <a href="${`${base}/`}">Your messages</a></p>
</div>`;
}
