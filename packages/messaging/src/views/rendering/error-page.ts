import { html, type SafeHtml } from '../text/escape-html.js';

const HEADINGS: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  413: 'Too long',
  415: 'Not supported',
  429: 'Slow down',
};

/** Title and body of the page shown for an error on an HTML route. */
export function errorPage(error: { status: number; message: string; inboxHref: string | null }): { title: string; body: SafeHtml } {
  const title = HEADINGS[error.status] ?? 'Something went wrong';
  return {
    title,
    body: html`<section class="messaging messaging-error" aria-labelledby="messaging-error-title">
<h1 id="messaging-error-title">${title}</h1>
<p role="alert">${error.message}</p>
${error.inboxHref ? html`<p><a href="${error.inboxHref}">Back to your messages</a></p>` : ''}
</section>`,
  };
}
