import { html, type SafeHtml } from '../text/escape-html.js';

/** The "Message" button on a member's profile: a link to the compose form, recipient filled in. */
export function messageButtonHtml(input: { inboxUrl: string; profileUserId: string; label?: string }): SafeHtml {
  const href = `${input.inboxUrl.replace(/\/+$/, '')}/new?to=${encodeURIComponent(input.profileUserId)}`;
  return html`<a href="${href}" class="messaging-button" role="button" data-messaging-button>${input.label ?? 'Message'}</a>`;
}
