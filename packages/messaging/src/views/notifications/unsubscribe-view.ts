import { html, type SafeHtml } from '../text/escape-html.js';

/** The page titles of the unsubscribe routes, beside their bodies. */
export const UNSUBSCRIBE_TITLES = { confirm: 'Stop mail about messages?', done: 'Unsubscribed' } as const;

/**
 * The confirmation page of an unsubscribe link: one button that posts the RFC 8058 one-click
 * body to the same signed URL. A GET changes nothing, because mail scanners open links.
 * No `_csrf` field: the signed token in the URL is the proof (docs/http.md).
 */
export function unsubscribeConfirmHtml(input: { action: string }): SafeHtml {
  return html`<div class="messaging messaging-unsubscribe">
<h1>${UNSUBSCRIBE_TITLES.confirm}</h1>
<p>You get an email when messages wait unread for you. Unsubscribe to stop these mails; your messages stay as they are.</p>
<form method="post" action="${input.action}" data-messaging-unsubscribe>
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
</div>`;
}

/** After unsubscribing: what changed, and where to turn mail on again. */
export function unsubscribeDoneHtml(input: { preferencesHref: string }): SafeHtml {
  return html`<div class="messaging messaging-unsubscribe">
<h1>${UNSUBSCRIBE_TITLES.done}</h1>
<p role="status" data-messaging-unsubscribed>You will no longer get mail about messages.</p>
<p>Changed your mind? Turn mail on again in your <a href="${input.preferencesHref}">messaging settings</a>.</p>
</div>`;
}
